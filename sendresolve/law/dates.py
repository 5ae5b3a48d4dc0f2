"""Dates written for people, the GOV.UK way ("Thursday 4 April 2024"), whatever the locale.

The one place a date becomes words: the law core's rule texts, the template filters of every
interface app, documents and messages all call :func:`long_date`. The names are spelt out here
rather than taken from ``strftime`` so that the words never depend on the process's locale.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["MONTHS", "WEEKDAYS", "day_and_month", "long_date"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date, *, weekday: bool = True) -> str:
    """Return ``day`` as "Thursday 4 April 2024", or "4 April 2024" with ``weekday=False``."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def day_and_month(day: dt.date) -> str:
    """Return ``day`` as "25 December", for naming days inside a period already dated."""
    return f"{day.day} {MONTHS[day.month - 1]}"
