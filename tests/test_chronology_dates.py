"""The dates of agencies' chronologies: every form the issue lists, and no silent guesses."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from scrtui.chronology.dates import DateError, parse_bound, parse_date, parse_time

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("written", "day", "precision", "clock"),
    [
        ("2024-03-14", date(2024, 3, 14), "day", ""),
        ("14/03/2024", date(2024, 3, 14), "day", ""),
        ("1/4/24", date(2024, 4, 1), "day", ""),  # UK day first
        ("14.03.2024", date(2024, 3, 14), "day", ""),
        ("14 March 2024", date(2024, 3, 14), "day", ""),
        ("14th Mar 2024", date(2024, 3, 14), "day", ""),
        ("14th of March, 2024", date(2024, 3, 14), "day", ""),
        ("Thursday 14 March 2024", date(2024, 3, 14), "day", ""),
        ("March 14, 2024", date(2024, 3, 14), "day", ""),
        ("14-Mar-24", date(2024, 3, 14), "day", ""),
        ("14/03/2024 10:30", date(2024, 3, 14), "day", "10:30"),
        ("2024-03-14T10:30:00.000", date(2024, 3, 14), "day", "10:30"),
        ("14/03/2024 at 3.15pm", date(2024, 3, 14), "day", "15:15"),
        ("March 2024", date(2024, 3, 1), "month", ""),
        ("Sept 2023", date(2023, 9, 1), "month", ""),
        ("03/2024", date(2024, 3, 1), "month", ""),
        ("2024", date(2024, 1, 1), "year", ""),
        ("c. 2023", date(2023, 1, 1), "approximate", ""),
        ("c.2023", date(2023, 1, 1), "approximate", ""),
        ("approx March 2024", date(2024, 3, 1), "approximate", ""),
        ("circa 2023", date(2023, 1, 1), "approximate", ""),
        ("about 14/03/2024", date(2024, 3, 14), "approximate", ""),
        ("45365", date(2024, 3, 14), "day", ""),  # an Excel serial that came through a CSV
    ],
)
def test_written_dates(written, day, precision, clock):
    parsed = parse_date(written, today=TODAY)
    assert (parsed.date, parsed.precision, parsed.time) == (day, precision, clock)
    # what was not a plain day is kept as written, so the entry can say "c. 2023"
    assert parsed.written == ("" if precision == "day" else written)


def test_cells_excel_gives():
    assert parse_date(datetime(2024, 3, 14, 9, 5)).time == "09:05"
    assert parse_date(datetime(2024, 3, 14)).time == ""
    assert parse_date(date(2024, 1, 2)).date == date(2024, 1, 2)
    serial = parse_date(45365.5)
    assert (serial.date, serial.time) == (date(2024, 3, 14), "12:00")
    assert parse_date(2024).precision == "year"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("31/02/2024", "February 2024 has 29 days"),
        ("13/13/2024", "there is no month 13"),
        ("04/13/2024", "dates are read day first"),
        ("Monday 14 March 2024", "was a Thursday, not a Monday"),
        ("14/03", "has no year"),
        ("14 March", "has no year"),
        ("Mar-24", "is ambiguous"),
        ("Summer 2023", "is not a date scr can read"),
        ("0024-01-01", "the year 24"),
        ("", "no date"),
        ("14/03/2024 25:00", "is not a time of day"),
    ],
)
def test_impossible_and_ambiguous_dates_are_reported(written, says):
    with pytest.raises(DateError, match=says):
        parse_date(written, today=TODAY)


def test_a_column_that_also_writes_month_first_makes_both_way_dates_ambiguous():
    with pytest.raises(DateError, match="3 April 2024 or 4 March 2024"):
        parse_date("03/04/2024", month_first="04/13/2024")
    # a date that reads only one way, or the same both ways, is still read
    assert parse_date("25/04/2024", month_first="04/13/2024").date == date(2024, 4, 25)
    assert parse_date("04/04/2024", month_first="04/13/2024").date == date(2024, 4, 4)


@pytest.mark.parametrize(
    ("cell", "clock"),
    [
        ("10:30", "10:30"),
        ("1030", "10:30"),
        ("3pm", "15:00"),
        ("3.15pm", "15:15"),
        (0.4375, "10:30"),
        ("0.4375", "10:30"),
        (time(9, 0), "09:00"),
        (None, ""),
        ("", ""),
    ],
)
def test_times(cell, clock):
    assert parse_time(cell) == clock


@pytest.mark.parametrize("cell", ["25:00", "noon", "13pm"])
def test_not_times(cell):
    with pytest.raises(DateError):
        parse_time(cell)


def test_range_bounds_close_a_month_or_a_year():
    assert parse_bound("2024-06") == date(2024, 6, 1)
    assert parse_bound("2024-06", end=True) == date(2024, 6, 30)
    assert parse_bound("2024", end=True) == date(2024, 12, 31)
    assert parse_bound("14/03/2024", end=True) == date(2024, 3, 14)
