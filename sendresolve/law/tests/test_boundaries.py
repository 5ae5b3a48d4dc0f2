"""Day before / day of / day after each boundary, from ``cases/boundaries.yaml``."""

import pytest

from sendresolve.law import periods
from sendresolve.law.working_days import get_calendar

from ._data import load_yaml

DATA = load_yaml("boundaries.yaml")


def _ids(rows):
    return [" ".join(str(x) for x in row) for row in rows]


@pytest.mark.parametrize("row", DATA["working_days"], ids=_ids(DATA["working_days"]))
def test_is_working_day(row):
    calendar, day, expected = row
    assert get_calendar(calendar).is_working_day(day) is expected


@pytest.mark.parametrize("row", DATA["working_days_after"], ids=_ids(DATA["working_days_after"]))
def test_working_days_after_skips_non_working_days(row):
    calendar, trigger, count, expected = row
    assert periods.working_days_after(trigger, count, get_calendar(calendar)) == expected


@pytest.mark.parametrize("row", DATA["add_months"], ids=_ids(DATA["add_months"]))
def test_add_months_clamps_to_month_end(row):
    day, months, expected = row
    assert periods.months_after(day, months) == expected


@pytest.mark.parametrize(
    "row", DATA["months_starting_with"], ids=_ids(DATA["months_starting_with"])
)
def test_months_starting_with_ends_the_day_before_the_corresponding_date(row):
    day, months, expected = row
    assert periods.months_starting_with(day, months).date == expected


@pytest.mark.parametrize("row", DATA["days_beginning_with"], ids=_ids(DATA["days_beginning_with"]))
def test_days_beginning_with_counts_the_trigger_day(row):
    day, days, expected = row
    assert periods.days_beginning_with(day, days) == expected


@pytest.mark.parametrize("row", DATA["days_after"], ids=_ids(DATA["days_after"]))
def test_days_after_excludes_the_trigger_day(row):
    day, days, expected = row
    assert periods.days_after(day, days) == expected


@pytest.mark.parametrize("row", DATA["hesc"], ids=_ids(DATA["hesc"]))
def test_hesc_r12_adjustment(row):
    last_day, sen_appeal, due, later = row
    result = periods.hesc_r12(last_day, starts_sen_appeal=sen_appeal)
    assert result.due == due
    assert result.later_date == later
    assert result.uncertain is (later is not None)
