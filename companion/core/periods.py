"""Periods of nights the app and the command line share, so both cover the same nights by default.

Plain date arithmetic, no numpy (the command-line parser reads ``DEFAULT_REPORT_MONTHS`` for its
help text at start-up).
"""

from __future__ import annotations

from datetime import date, timedelta

from companion.core.i18n import counted

#: A doctor report covers this many calendar months up to tonight unless the user chooses other
#: dates or every night (the app's dialog and ``report --all``).
DEFAULT_REPORT_MONTHS = 3
#: English, for callers built at import time; show ``default_report_words()`` instead.
DEFAULT_REPORT_WORDS = f"the last {DEFAULT_REPORT_MONTHS} months"


def default_report_words(*, start_of_sentence: bool = False) -> str:
    """'the last 3 months' in the current language ('The last 3 months' to begin a sentence or
    a choice: each its own string, never capitalised by code)."""
    if start_of_sentence:
        return counted(DEFAULT_REPORT_MONTHS, "The last {n} month", "The last {n} months")
    return counted(DEFAULT_REPORT_MONTHS, "the last {n} month", "the last {n} months")


def months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's end), plus one: a period of
    exactly that many calendar months ending on ``day``."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day)) + timedelta(days=1)


def default_report_period(tonight: date) -> tuple[date, date]:
    """The report's usual nights: ``DEFAULT_REPORT_MONTHS`` calendar months ending tonight."""
    return months_back(tonight, DEFAULT_REPORT_MONTHS), tonight
