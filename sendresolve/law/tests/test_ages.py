"""The 0–25 age range of the SEND framework, counted in whole years (law.md §7)."""

import datetime as dt

import pytest

from sendresolve.law.ages import SEND_AGES, age_on
from sendresolve.law.schemas import load_schema

BORN = dt.date(2000, 5, 10)


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (dt.date(2025, 5, 9), 24),  # the day before the 25th birthday
        (dt.date(2025, 5, 10), 25),  # the 25th birthday
        (dt.date(2025, 5, 11), 25),  # the day after
    ],
)
def test_a_25_year_old_is_still_within_the_range(on, age):
    assert age_on(BORN, on) == age
    assert SEND_AGES.covers(BORN, on)


@pytest.mark.parametrize(
    ("on", "covered"),
    [
        (dt.date(2026, 5, 9), True),  # the day before the 26th birthday: still 25
        (dt.date(2026, 5, 10), False),  # the 26th birthday
        (dt.date(2026, 5, 11), False),
    ],
)
def test_the_range_ends_on_the_26th_birthday(on, covered):
    assert SEND_AGES.covers(BORN, on) is covered


def test_a_baby_is_within_the_range_from_the_day_of_birth():
    assert age_on(BORN, BORN) == 0
    assert SEND_AGES.covers(BORN, BORN)
    assert not SEND_AGES.covers(BORN, dt.date(2000, 5, 9))


def test_a_leap_day_birthday_comes_on_1_march_in_other_years():
    born = dt.date(2000, 2, 29)
    assert age_on(born, dt.date(2025, 2, 28)) == 24
    assert age_on(born, dt.date(2025, 3, 1)) == 25
    assert age_on(born, dt.date(2024, 2, 29)) == 24
    assert SEND_AGES.covers(born, dt.date(2026, 2, 28))
    assert not SEND_AGES.covers(born, dt.date(2026, 3, 1))


def test_an_age_before_birth_is_refused_without_naming_the_dates():
    with pytest.raises(ValueError, match="before the date of birth") as refused:
        age_on(BORN, dt.date(2000, 5, 9))
    assert BORN.isoformat() not in str(refused.value)
    assert "2000-05-09" not in str(refused.value)


def test_the_range_is_cited_and_the_situation_schema_has_the_same_bounds():
    age = load_schema("situation")["properties"]["age"]
    assert (age["minimum"], age["maximum"]) == (SEND_AGES.youngest, SEND_AGES.oldest) == (0, 25)
    assert any("Code of Practice" in c for c in SEND_AGES.legal_basis)
