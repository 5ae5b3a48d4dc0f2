"""Dates in words: the one formatter every page, letter, message and rule text uses."""

import datetime as dt
import locale

import pytest

from sendresolve.law.dates import day_and_month, long_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 4, 15), "Monday 15 April 2024"),
        (dt.date(2024, 2, 29), "Thursday 29 February 2024"),
        (dt.date(2025, 1, 2), "Thursday 2 January 2025"),
        (dt.date(2024, 12, 25), "Wednesday 25 December 2024"),
        (dt.date(2023, 12, 31), "Sunday 31 December 2023"),
    ],
)
def test_long_date_names_the_weekday_and_has_no_leading_zero(day, expected):
    assert long_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 4, 4), "4 April 2024"),
        (dt.date(2025, 9, 1), "1 September 2025"),
        (dt.date(2000, 2, 29), "29 February 2000"),
    ],
)
def test_long_date_without_the_weekday(day, expected):
    assert long_date(day, weekday=False) == expected


def test_day_and_month_leaves_out_the_year():
    assert day_and_month(dt.date(2024, 12, 26)) == "26 December"
    assert day_and_month(dt.date(2025, 5, 5)) == "5 May"


@pytest.mark.parametrize(
    "day", [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(0, 366, 17)]
)
def test_long_date_says_what_strftime_says_in_the_c_locale(day):
    assert locale.setlocale(locale.LC_TIME) == "C"
    assert long_date(day) == f"{day:%A} {day.day} {day:%B %Y}"
