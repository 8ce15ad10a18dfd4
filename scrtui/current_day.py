"""The day the clock is read on: SCR_TODAY when set to a date, else the real date.

Below both check.py (overdue actions) and status.py (the review's clock), which both read it.
"""

from __future__ import annotations

import os
from datetime import date

TODAY_ENV = "SCR_TODAY"  # a fixed "today" (YYYY-MM-DD) for tests and for looking ahead


def today() -> date:
    """SCR_TODAY when it is a date, else the real date (a bad value is ignored here; the
    commands refuse it: `cli_common.day`)."""
    text = os.environ.get(TODAY_ENV, "")
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        return date.today()
