"""Strict validation of the situation: every error names the field."""

import copy
import datetime as dt

import pytest

from sendresolve.law.situation import (
    Situation,
    SituationError,
    compulsory_school_age_status,
    last_friday_of_june,
    parse_situation,
)

BASE = {
    "today": "2025-03-03",
    "age": 14,
    "requester": "parent",
    "has_ehc_plan": True,
    "with": ["local_authority"],
    "about": ["refusal_to_assess"],
    "dates": {"decision_letter": "2025-02-14"},
}


def changed(**changes):
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


def test_valid_situation_parses():
    s = parse_situation(BASE)
    assert s.age == 14
    assert s.dates["decision_letter"] == dt.date(2025, 2, 14)
    assert s.today == dt.date(2025, 3, 3)
    assert s.with_ == ("local_authority",)


def test_situation_without_today_or_dates_parses():
    s = parse_situation(changed(today=None, dates=None))
    assert s.today is None
    assert dict(s.dates) == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (changed(colour="blue"), "colour: unknown key"),
        (
            changed(dates={"decision_letter": "2024-02-30"}),
            'dates.decision_letter: "2024-02-30" is not a valid date',
        ),
        (
            changed(dates={"decision_letter": "2024-2-3"}),
            'dates.decision_letter: "2024-2-3" is not a valid date',
        ),
        (changed(dates={"decision_letter": 20240203}), "dates.decision_letter: must be a string"),
        (changed(dates={"letter": "2024-02-03"}), "dates.letter: unknown key"),
        (changed(dates={"decision_letter": "1850-01-01"}), "outside the supported range"),
        (changed(today="2023-02-29"), 'today: "2023-02-29" is not a valid date'),
        (changed(age=26), "age: 26 is outside the allowed range 0–25"),
        (changed(age=-1), "age: -1 is outside the allowed range 0–25"),
        (changed(age="14"), 'age: must be a whole number, not "14"'),
        (changed(age=True), "age: must be a whole number"),
        (changed(age=14.5), "age: must be a whole number"),
        (changed(requester="grandparent"), 'requester: "grandparent" is not an allowed value'),
        (changed(has_ehc_plan="yes"), "has_ehc_plan: must be true or false"),
        (changed(about=["tea"]), 'about[0]: "tea" is not an allowed value'),
        (changed(about=[]), "about: must list at least 1 item"),
        (changed(about=["delay", "delay"]), "about: lists the same value more than once"),
        (changed(**{"with": ["school", "uncle"]}), 'with[1]: "uncle" is not an allowed value'),
        (changed(**{"with": []}), "with: must list at least 1 item"),
        (changed(requester=None), "requester: missing (required)"),
        (changed(school_type="grammar"), 'school_type: "grammar" is not an allowed value'),
        (changed(requester="young_person"), 'requester: "young_person" means someone over'),
        (changed(age=15, requester="young_person"), "at age 15 needs compulsory_school_age_ended"),
        (
            changed(age=17, requester="young_person", compulsory_school_age_ended=False),
            "compulsory_school_age_ended: cannot be false at age 17",
        ),
        (
            changed(age=12, compulsory_school_age_ended=True),
            "compulsory_school_age_ended: cannot be true at age 12",
        ),
        (changed(young_person_lacks_capacity=True), "young_person_lacks_capacity: only applies"),
    ],
)
def test_invalid_situation_is_refused_naming_the_field(data, message):
    with pytest.raises(SituationError) as info:
        parse_situation(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_situation_must_be_an_object():
    with pytest.raises(SituationError, match="input: must be an object"):
        parse_situation(["age", 3])


def test_situation_error_is_a_value_error():
    assert issubclass(SituationError, ValueError)


def test_young_person_at_15_after_school_age_ended_is_allowed():
    s = parse_situation(changed(age=15, requester="young_person", compulsory_school_age_ended=True))
    assert s.requester == "young_person"


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2024, dt.date(2024, 6, 28)), (2025, dt.date(2025, 6, 27)), (2027, dt.date(2027, 6, 25))],
)
def test_last_friday_of_june(year, expected):
    assert last_friday_of_june(year) == expected


def _situation(age, requester="parent", ended=None):
    return Situation(
        age=age,
        requester=requester,
        has_ehc_plan=True,
        with_=("local_authority",),
        about=("plan_provision",),
        compulsory_school_age_ended=ended,
    )


@pytest.mark.parametrize(
    ("age", "requester", "today", "ended", "certain"),
    [
        (14, "parent", dt.date(2025, 7, 15), False, True),
        (15, "parent", dt.date(2025, 3, 1), False, True),
        (15, "parent", dt.date(2025, 7, 15), False, False),  # summer-born may have left
        (16, "parent", dt.date(2025, 3, 1), False, False),
        (16, "young_person", dt.date(2025, 3, 1), True, False),
        (16, "parent", dt.date(2025, 6, 27), False, False),  # the last Friday itself
        (16, "parent", dt.date(2025, 6, 28), True, True),  # the day after
        (16, "parent", dt.date(2025, 8, 31), True, True),
        (16, "parent", dt.date(2025, 9, 1), False, False),  # a new school year
        (17, "parent", dt.date(2025, 3, 1), True, True),
    ],
)
def test_compulsory_school_age_status(age, requester, today, ended, certain):
    status = compulsory_school_age_status(_situation(age, requester), today)
    assert (status.ended, status.certain) == (ended, certain)


def test_explicit_compulsory_school_age_answer_wins():
    status = compulsory_school_age_status(_situation(16, ended=True), dt.date(2025, 3, 1))
    assert (status.ended, status.certain) == (True, True)
