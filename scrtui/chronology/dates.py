"""The dates agencies write, read without guessing.

Agencies' chronologies give dates as Excel date cells, serial numbers, ISO text, UK day-first
numbers (14/03/2024, 1/4/24), words (14 March 2024, 14th Mar 2024, Thursday 14 March 2024),
date-times, and partial or approximate dates (March 2024, 2024, c. 2023). Each becomes a day and
a precision (day, month, year or approximate: the values of `model.PRECISIONS`). A date that
cannot be a date (31/02/2024, 13/13/2024, a weekday that does not match) or that could be two
(03/04/2024 in a column that elsewhere writes month first, "Mar-24") raises `DateError` with a
message saying why: the importer reports the row, it never picks one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug aside)
LAST_SERIAL = 2958465  # 9999-12-31
EARLIEST_YEAR, LATEST_YEAR = 1850, 2200  # a year outside these is a typing slip, not a date


class DateError(ValueError):
    """Why a cell is not a date scr can read; the message is shown to the user as it is."""


@dataclass(frozen=True)
class ParsedDate:
    date: date
    precision: str = "day"  # day, month, year, approximate
    time: str = ""  # "HH:MM" when the cell gave one
    written: str = ""  # the text as written, when it was not a plain day ("c. 2023")


_MONTH_WORD = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'?\d{2})"
_WEEKDAY = r"(?:(?P<weekday>[A-Za-z]{3,9})\.?,?\s+)?"
_TIME = (
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?\s*"
    r"(?P<ampm>[ap]\.?m\.?)?(?:\s*hrs)?"
)

_TEXT_FORMS = [
    # 2024-03-14, 2024/03/14, 2024.03.14
    ("iso", re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})")),
    # 14/03/2024, 1/4/24, 14-03-2024, 14.03.24
    (
        "numeric",
        re.compile(
            r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)"
            r"(?P<year>\d{4}|\d{2})"
        ),
    ),
    # Thursday 14 March 2024, 14th of Mar 2024, 14-Mar-2024, 14 Mar '24
    ("day month", re.compile(rf"{_WEEKDAY}{_DAY}(?:\s+of)?[\s-]+{_MONTH_WORD},?[\s-]+{_YEAR}")),
    # Thursday, March 14, 2024; March 14th 2024
    ("month day", re.compile(rf"{_WEEKDAY}{_MONTH_WORD}\s+{_DAY},?\s+(?P<year>\d{{4}})")),
]
_PARTIAL_FORMS = [
    ("month", re.compile(rf"{_MONTH_WORD}[\s,-]+(?P<year>\d{{4}})")),  # March 2024, Mar-2024
    ("month", re.compile(r"(?P<month>\d{1,2})/(?P<year>\d{4})")),  # 03/2024
    ("month", re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")),  # 2024-03
    ("year", re.compile(r"(?P<year>\d{4})")),
]
_APPROX_BEFORE = re.compile(
    r"(?:c|ca|circa|approx|approximately|about|around|roughly|~)(?:\.|\s|(?=\d))\s*", re.IGNORECASE
)
_APPROX_AFTER = re.compile(
    r"\s*(?:\?|\(\s*approx(?:imately|\.)?\s*\)|approx(?:imately|\.)?)$", re.IGNORECASE
)
_TIME_ONLY = re.compile(rf"{_TIME}$", re.IGNORECASE)
_DATE_TIME_SPLIT = re.compile(
    r"^(?P<date>.*?\d)(?:\s*[T,]\s*|\s+at\s+|\s+)"
    r"(?P<time>\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?(?:\s*hrs)?)$",
    re.IGNORECASE,
)
_NO_YEAR = re.compile(
    r"^(?:(?:[A-Za-z]{3,9}\.?,?\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?[\s/.-]+"
    r"[A-Za-z]{3,9}\.?|\d{1,2}[/.-]\d{1,2}|[A-Za-z]{3,9}\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?)$",
    re.IGNORECASE,
)
_MONTH_TWO_DIGITS = re.compile(rf"^{_MONTH_WORD}[\s-]+'?(?P<yy>\d{{2}})$")


def parse_date(value: object, *, today: date | None = None, month_first: str = "") -> ParsedDate:
    """A cell's value as a date. `month_first` is a date of the same column that can only be
    month-first (04/13/2024): then a numeric date that reads both ways is ambiguous."""
    if isinstance(value, datetime):
        return ParsedDate(value.date(), "day", _hhmm(value.time()))
    if isinstance(value, date):
        return ParsedDate(value, "day")
    if isinstance(value, bool):
        raise DateError("true/false is not a date")
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, time | timedelta):
        raise DateError("a time without a date")
    text = " ".join(str(value or "").split())
    if not text:
        raise DateError("no date")
    return _text(text, today or date.today(), month_first)


def month_first_only(value: object) -> bool:
    """Whether a cell is a numeric date that can be read only month first (04/13/2024)."""
    if not isinstance(value, str):
        return False
    match = _TEXT_FORMS[1][1].match(" ".join(value.split()))
    return match is not None and int(match["day"]) <= 12 < int(match["month"]) <= 31


def parse_time(value: object) -> str:
    """A time cell as "HH:MM" ("" for an empty cell); DateError when it is not a time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return _hhmm(value.time())
    if isinstance(value, time):
        return _hhmm(value)
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        if 0 <= minutes < 24 * 60:
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        raise DateError(f"{value} is not a time of day")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 <= value < 1:  # Excel keeps a time as a fraction of a day
            minutes = round(value * 24 * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes < 24 * 60 else "23:59"
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = " ".join(str(value).split())
    if re.fullmatch(r"0?\.\d+", text):  # a fraction of a day that came through as text
        return parse_time(float(text))
    if re.fullmatch(r"\d{3,4}", text):  # 1030, 930 (a 24-hour clock without a colon)
        text = f"{text[:-2]}:{text[-2:]}"
    match = _TIME_ONLY.match(text)
    if not match:
        raise DateError(f"'{text}' is not a time (write it as 10:30 or 10.30am)")
    return _clock(match, text)


def _clock(match: re.Match[str], text: str) -> str:
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(f"'{text}' is not a time: {hour} {ampm}")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif match["minute"] is None:
        raise DateError(f"'{text}' is not a time (write it as 10:30 or 10.30am)")
    if hour > 23 or minute > 59:
        raise DateError(f"'{text}' is not a time of day")
    return f"{hour:02d}:{minute:02d}"


def _hhmm(value: time) -> str:
    if value == time(0, 0):
        return ""  # a date cell with no time part
    return f"{value.hour:02d}:{value.minute:02d}"


def _number(value: float) -> ParsedDate:
    if float(value).is_integer() and EARLIEST_YEAR <= value <= LATEST_YEAR:
        return ParsedDate(date(int(value), 1, 1), "year", written=str(int(value)))
    if not 1 <= value <= LAST_SERIAL:
        raise DateError(f"{value:g} is neither a year nor an Excel date number")
    day = EXCEL_EPOCH + timedelta(days=int(value))
    fraction = value - int(value)
    clock = ""
    if fraction:
        minutes = round(fraction * 24 * 60)
        clock = f"{minutes // 60:02d}:{minutes % 60:02d}" if minutes < 24 * 60 else ""
    _check_year(day.year, f"{value:g}")
    return ParsedDate(day, "day", clock)


def _text(text: str, today: date, month_first: str) -> ParsedDate:
    if re.fullmatch(r"\d+(?:\.\d+)?", text) and not re.fullmatch(r"\d{4}", text):
        return _number(float(text))  # a serial number that came through as text (CSV)
    approximate = False
    core = text
    before = _APPROX_BEFORE.match(core)
    if before and before.end() < len(core):
        core, approximate = core[before.end() :], True
    after = _APPROX_AFTER.search(core)
    if after and after.start() > 0:
        core, approximate = core[: after.start()], True
    core = core.strip(" ,")
    clock = ""
    split = _DATE_TIME_SPLIT.match(core)
    if split and not re.fullmatch(r"\d{1,2}[:.]\d{2}.*", core):
        time_text = split["time"]
        time_text = re.sub(r"(:\d{2}:\d{2})\.\d+", r"\1", time_text)
        match = _TIME_ONLY.match(time_text)
        if match is None:
            raise DateError(f"'{text}': '{time_text}' is not a time")
        try:
            clock = _clock(match, time_text)
        except DateError as exc:
            raise DateError(f"'{text}': {exc}") from None
        core = split["date"]
    parsed = _full(core, text, today, month_first)
    if parsed is None:
        parsed = _partial(core, text)
    if parsed is None:
        raise DateError(_unreadable(core, text))
    if clock and parsed.precision != "day":
        raise DateError(f"'{text}': a time with a date that is not exact to the day")
    written = text if approximate or parsed.precision != "day" else ""
    precision = "approximate" if approximate else parsed.precision
    return ParsedDate(parsed.date, precision, clock, written)


def _full(core: str, text: str, today: date, month_first: str) -> ParsedDate | None:
    for kind, pattern in _TEXT_FORMS:
        match = pattern.fullmatch(core)
        if not match:
            continue
        groups = match.groupdict()
        year = _year(groups["year"], today)
        month: int | None
        if kind in ("iso", "numeric"):
            day, month = int(groups["day"]), int(groups["month"])
            if kind == "numeric":
                if month > 12:
                    hint = " (dates are read day first, dd/mm/yyyy)" if day <= 12 else ""
                    raise DateError(f"'{text}' is not a date: there is no month {month}{hint}")
                if month_first and day <= 12 and day != month:
                    raise DateError(
                        f"'{text}' is ambiguous: {_spoken(year, month, day)} or "
                        f"{_spoken(year, day, month)}? This column also has '{month_first}', "
                        "which can only be month first; write the dates as 14 March 2024"
                    )
            elif month > 12:
                raise DateError(f"'{text}' is not a date: there is no month {month}")
        else:
            month = _month(groups["month"], text)
            if month is None:
                return None
            day = int(groups["day"])
        _check_year(year, text)
        found = _day(year, month, day, text)
        weekday = groups.get("weekday")
        if weekday:
            wanted = WEEKDAYS.get(weekday.lower())
            if wanted is None:
                return None
            if wanted != found.weekday():
                raise DateError(
                    f"'{text}': {found.day} {calendar.month_name[month]} {year} was "
                    f"a {calendar.day_name[found.weekday()]}, not a "
                    f"{calendar.day_name[wanted]}"
                )
        return ParsedDate(found, "day")
    return None


def _partial(core: str, text: str) -> ParsedDate | None:
    for precision, pattern in _PARTIAL_FORMS:
        match = pattern.fullmatch(core)
        if not match:
            continue
        year = int(match["year"])
        _check_year(year, text)
        if precision == "year":
            return ParsedDate(date(year, 1, 1), "year")
        month = match["month"]
        number = int(month) if month.isdigit() else _month(month, text)
        if number is None:
            return None
        if not 1 <= number <= 12:
            raise DateError(f"'{text}' is not a date: there is no month {number}")
        return ParsedDate(date(year, number, 1), "month")
    return None


def _unreadable(core: str, text: str) -> str:
    if _NO_YEAR.match(core):
        return f"'{text}' has no year"
    match = _MONTH_TWO_DIGITS.match(core)
    if match and _month(match["month"], text):
        yy = match["yy"]
        return (
            f"'{text}' is ambiguous: the month of 20{yy}, or day {int(yy)} of a month with "
            f"no year? Write it as {match['month'][:3].title()} 20{yy} or with the full date"
        )
    return (
        f"'{text}' is not a date scr can read (use 14/03/2024, 2024-03-14, 14 March 2024, "
        "March 2024, 2024 or c. 2024)"
    )


def _month(word: str, text: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _year(raw: str, today: date) -> int:
    raw = raw.lstrip("'")
    if len(raw) == 4:
        return int(raw)
    year = 2000 + int(raw)  # two digits: this century unless that is past next year
    return year if year <= today.year + 1 else year - 100


def _check_year(year: int, text: str) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise DateError(f"'{text}' is not a date in a chronology: the year {year}")


def _day(year: int, month: int, day: int, text: str) -> date:
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f"'{text}' is not a date: {calendar.month_name[month]} {year} has {last} days"
        )
    return date(year, month, day)


def _spoken(year: int, month: int, day: int) -> str:
    return f"{day} {calendar.month_name[month]} {year}"


def shown(day: date, precision: str) -> str:
    """A date as the integrated chronology shows it: as exact as it is known."""
    if precision == "month":
        return day.strftime("%Y-%m")
    if precision == "year":
        return str(day.year)
    if precision == "approximate":
        return f"c.{day.isoformat()}"
    return day.isoformat()


def parse_bound(text: str, *, end: bool = False) -> date:
    """A --from/--to date: a day, a month (2024-06) or a year; the last day of a month or year
    when it closes a range."""
    parsed = parse_date(text)
    if parsed.precision == "month" and end:
        last = calendar.monthrange(parsed.date.year, parsed.date.month)[1]
        return parsed.date.replace(day=last)
    if parsed.precision == "year" and end:
        return date(parsed.date.year, 12, 31)
    return parsed.date
