"""Working-day calendars: bank holidays, substitutes, Boxing Day and injected changes."""

import datetime as dt

import holidays
import pytest

from sendresolve.law.working_days import (
    CHILDREN_ACT_WD,
    ENG_WD,
    HESC_WD,
    WorkingDayCalendar,
    get_calendar,
)

D = dt.date


def naive_add_working_days(day, count, holiday_dates):
    """A straightforward day-by-day loop, to compare the fast arithmetic against."""
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holiday_dates:
            count -= 1
    return day


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2023, 5, 8), "Coronation of Charles III"),
        (D(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (D(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (D(2024, 3, 29), "Good Friday"),
        (D(2024, 12, 25), "Christmas Day"),
    ],
)
def test_one_off_and_common_law_holidays_are_not_working_days(day, name):
    assert not ENG_WD.is_working_day(day)
    assert ENG_WD.holiday_name(day) == name


def test_substitute_days_are_named_and_not_working_days():
    assert ENG_WD.holiday_name(D(2021, 12, 27)) == "Christmas Day (substitute day)"
    assert not ENG_WD.is_working_day(D(2021, 12, 28))


def test_hesc_calendar_has_the_same_days_as_eng():
    day = D(2020, 1, 1)
    while day < D(2027, 1, 1):
        assert HESC_WD.is_working_day(day) == ENG_WD.is_working_day(day)
        day += dt.timedelta(days=1)


def test_children_act_calendar_excludes_boxing_day_even_when_the_bank_holiday_moves():
    moved = dt.date(2024, 12, 26)
    eng = ENG_WD.with_changes(removed_holidays=[moved])
    children = CHILDREN_ACT_WD.with_changes(removed_holidays=[moved])
    assert eng.is_working_day(moved)
    assert not children.is_working_day(moved)
    assert eng.add_working_days(D(2024, 12, 24), 1) == moved
    assert children.add_working_days(D(2024, 12, 24), 1) == D(2024, 12, 27)
    assert children.holiday_name(D(2021, 12, 26)) == "Boxing Day"


def test_extra_holiday_changes_the_deadline():
    extra = ENG_WD.with_changes(extra_holidays=[D(2024, 4, 3)], name="ENG_WD+")
    assert ENG_WD.add_working_days(D(2024, 3, 28), 3) == D(2024, 4, 4)
    assert extra.add_working_days(D(2024, 3, 28), 3) == D(2024, 4, 5)
    assert extra.holiday_name(D(2024, 4, 3)) == "Extra holiday"


def test_extra_holidays_must_be_dates():
    with pytest.raises(TypeError):
        WorkingDayCalendar("x", extra_holidays=[dt.datetime(2024, 1, 2, tzinfo=dt.UTC)])


def test_negative_counts_go_backwards():
    assert ENG_WD.add_working_days(D(2024, 4, 2), -1) == D(2024, 3, 28)
    assert ENG_WD.add_working_days(D(2024, 4, 2), 0) == D(2024, 4, 2)


def test_next_and_previous_working_day():
    assert ENG_WD.next_working_day(D(2024, 3, 29)) == D(2024, 4, 2)
    assert ENG_WD.previous_working_day(D(2024, 3, 31)) == D(2024, 3, 28)
    assert ENG_WD.next_working_day(D(2024, 3, 28)) == D(2024, 3, 28)


def test_working_days_between_counts_after_start_up_to_end():
    assert ENG_WD.working_days_between(D(2024, 3, 28), D(2024, 4, 4)) == 3
    assert ENG_WD.working_days_between(D(2024, 4, 4), D(2024, 3, 28)) == 0


def test_calendar_grows_beyond_its_initial_range():
    cal = WorkingDayCalendar("narrow", first_year=2024, last_year=2024)
    assert cal.add_working_days(D(2024, 12, 31), 1) == D(2025, 1, 2)
    assert cal.is_working_day(D(1995, 12, 25)) is False
    assert cal.add_working_days(D(2080, 1, 1), 1) == D(2080, 1, 2)


def test_dates_outside_the_supported_years_are_refused():
    with pytest.raises(ValueError, match="between"):
        ENG_WD.is_working_day(D(1800, 1, 1))


def test_unknown_calendar_name_is_refused():
    with pytest.raises(ValueError, match="unknown"):
        get_calendar("SCOTLAND")


def test_fast_arithmetic_matches_a_day_by_day_loop_over_a_decade():
    source = holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2036))
    day = D(2015, 1, 1)
    while day < D(2035, 1, 1):
        for count in (1, 3, 5, 10, 30):
            assert ENG_WD.add_working_days(day, count) == naive_add_working_days(day, count, source)
        day += dt.timedelta(days=3)
