"""Property-based tests (hypothesis): invariants that must hold for every input."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sendresolve.law import periods
from sendresolve.law.clocks import appeal_deadline
from sendresolve.law.deadlines import DATE_KEYS
from sendresolve.law.routes import ROUTE_IDS, advise
from sendresolve.law.schemas import load_schema, validator
from sendresolve.law.situation import SituationError
from sendresolve.law.working_days import CHILDREN_ACT_WD, ENG_WD

DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2080, 12, 31))
SCHEMA = load_schema("situation")["properties"]
WITH = SCHEMA["with"]["items"]["enum"]
ABOUT = SCHEMA["about"]["items"]["enum"]
SCHOOL_TYPES = SCHEMA["school_type"]["enum"]


@given(DATES, st.integers(min_value=1, max_value=60))
def test_working_day_deadline_is_a_working_day_strictly_after_the_trigger(day, count):
    result = periods.working_days_after(day, count, ENG_WD)
    assert result > day
    assert ENG_WD.is_working_day(result)
    assert ENG_WD.working_days_between(day, result) == count


@given(DATES, st.integers(min_value=1, max_value=20))
def test_children_act_deadline_is_never_earlier_and_never_boxing_day(day, count):
    result = periods.working_days_after(day, count, CHILDREN_ACT_WD)
    assert result >= periods.working_days_after(day, count, ENG_WD)
    assert (result.month, result.day) != (12, 26)


@given(DATES, st.one_of(st.none(), DATES))
def test_appeal_deadline_is_never_before_either_limb(letter, certificate):
    result = appeal_deadline(letter, certificate)
    assert result.date >= periods.months_after(letter, 2)
    if certificate is not None:
        assert result.date >= periods.months_after(certificate, 1)
    assert ENG_WD.is_working_day(result.date)
    if periods.in_hesc_relief_window(result.date):
        assert result.later_date is not None and result.later_date > result.date
    else:
        assert result.later_date is None


@given(DATES)
def test_appeal_deadline_is_at_most_a_month_and_a_bit_after_the_limb(letter):
    limb = periods.months_after(letter, 2)
    due = appeal_deadline(letter).date
    assert (due - limb).days <= 35  # the longest move is the August relief


@given(DATES, st.integers(min_value=0, max_value=600))
def test_add_months_lands_in_the_right_month_on_the_right_or_last_day(day, months):
    result = periods.add_months(day, months)
    assert (result.date.year * 12 + result.date.month) - (day.year * 12 + day.month) == months
    assert result.date.day == day.day or (result.clamped and result.date.day < day.day)
    if result.clamped:
        assert (result.date + dt.timedelta(days=1)).day == 1


@given(DATES, st.integers(min_value=1, max_value=24))
def test_months_starting_with_ends_one_day_before_months_after(day, months):
    assert periods.months_starting_with(day, months).date == (
        periods.months_after(day, months) - dt.timedelta(days=1)
    )


@given(DATES, st.integers(min_value=1, max_value=10))
def test_notice_safe_date_is_before_the_later_reading(meeting, count):
    window = periods.working_days_before(meeting, count)
    assert window.date < window.later_date < meeting
    assert ENG_WD.working_days_between(window.date, meeting) in (count + 1, count)


@st.composite
def valid_situations(draw):
    age = draw(st.integers(min_value=0, max_value=25))
    requester = "parent"
    if age >= 16 and draw(st.booleans()):
        requester = "young_person"
    data = {
        "today": draw(DATES).isoformat(),
        "age": age,
        "requester": requester,
        "has_ehc_plan": draw(st.booleans()),
        "with": draw(st.lists(st.sampled_from(WITH), min_size=1, max_size=3, unique=True)),
        "about": draw(st.lists(st.sampled_from(ABOUT), min_size=1, max_size=4, unique=True)),
        "dates": {
            key: value.isoformat()
            for key, value in draw(
                st.dictionaries(st.sampled_from(DATE_KEYS), DATES, max_size=5)
            ).items()
        },
    }
    if draw(st.booleans()):
        data["school_type"] = draw(st.sampled_from(SCHOOL_TYPES))
    if age >= 17 and draw(st.booleans()):
        data["young_person_lacks_capacity"] = draw(st.booleans())
    if age >= 17 and draw(st.booleans()):
        data["compulsory_school_age_ended"] = True
    return data


@settings(max_examples=300, deadline=None)
@given(valid_situations())
def test_finder_never_crashes_and_returns_only_contract_ids(data):
    advice = advise(data)
    assert list(validator("advice").iter_errors(advice)) == []
    ids = [route["id"] for route in advice["routes"]]
    assert ids == [route_id for route_id in ROUTE_IDS if route_id in ids]
    assert {"local_resolution", "sendiass"} <= set(ids)
    if "tribunal_appeal" in ids:
        assert advice["mediation_certificate_required"] is not None
        assert advice["appellant"] is not None
    if advice["mediation_certificate_required"]:
        assert "mediation_advice" in ids
    if "tribunal_recommendations" in ids:
        # Offered with an appeal, and kept once a recommendation has been made (issue 24).
        assert "tribunal_appeal" in ids or "recommendation_made" in data.get("dates", {})


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["age", "requester", "has_ehc_plan", "with", "about", "dates", "x"]),
        st.one_of(
            st.integers(-5, 40),
            st.text(max_size=12),
            st.booleans(),
            st.lists(st.sampled_from(WITH + ABOUT + ["zz"]), max_size=3),
        ),
    )
)
def test_finder_rejects_or_answers_but_never_fails_otherwise(data):
    try:
        advice = advise(data, today=dt.date(2025, 1, 1))
    except SituationError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert advice["schema"] == "sendresolve.advice/1"
