"""Working days with the real bank holidays of the review's nation.

The bank holidays come from the maintained `holidays` package (it follows each year's
proclamations, such as an extra coronation or jubilee day), never from a hand-typed list.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from holidays import HolidayBase

# England and Wales share their bank holidays; Scotland and Northern Ireland add their own.
_SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}


@lru_cache(maxsize=8)
def _calendar(nation: str) -> HolidayBase:
    """The nation's bank holidays (imported here: `scr check` on dates needs none of it)."""
    import holidays  # noqa: PLC0415

    try:
        subdivision = _SUBDIVISIONS[nation]
    except KeyError:
        known = ", ".join(_SUBDIVISIONS)
        raise ValueError(f"unknown nation '{nation}'; expected one of: {known}") from None
    return holidays.country_holidays("GB", subdiv=subdivision)


def prepare(nation: str) -> None:
    """Load the nation's calendar now: the `holidays` package takes a quarter of a second to
    import, which a UI pays in its loading worker rather than when it first shows a date."""
    _calendar(nation)


def is_working_day(day: date, nation: str) -> bool:
    return day.weekday() < 5 and day not in _calendar(nation)


def bank_holiday(day: date, nation: str) -> str | None:
    """The bank holiday's name on `day`, or None."""
    return _calendar(nation).get(day)


def add_working_days(start: date, count: int, nation: str) -> date:
    """The date `count` working days after `start` (the day itself does not count)."""
    day = start
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, nation):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, nation: str) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start, nation)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            count += 1
    return count


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
