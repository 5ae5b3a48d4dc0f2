"""The bank-holiday recompute in batches (``open_deadlines_recompute``) against the one-case
path every step takes (``deadlines_store``), on generated cases."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sendresolve.cases import services
from sendresolve.cases.deadlines import deadlines_store, open_deadlines_recompute
from sendresolve.cases.models import Case, CaseDeadline
from sendresolve.cases.states import OPEN
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.demo.national import national_generate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)
HOLIDAY = dt.date(2026, 12, 10)  # a Thursday inside many generated cases' open clocks


class RolledBack(Exception):
    pass


def stored() -> dict[tuple[int, str], dict]:
    """Every stored deadline by (case, key), with all its fields but its row id."""
    rows = CaseDeadline.objects.values().order_by()
    return {(row["case_id"], row["key"]): {**row, "id": None} for row in rows}


def examined_cases() -> list[Case]:
    """The cases ``--all`` examines: open, with an open deadline."""
    open_rows = CaseDeadline.objects.filter(state=CaseDeadline.State.OPEN).values("case_id")
    return list(Case.objects.filter(status__in=OPEN, pk__in=open_rows).order_by("pk"))


def test_batches_store_what_the_one_case_path_stores_for_a_new_holiday():
    national_generate(cases=120, years=1, today=TODAY, seed=11, batch_size=40)
    cases = examined_cases()
    before = stored()
    # The one-case path, case by case, then undone: what every case's deadlines should be.
    with pytest.raises(RolledBack), transaction.atomic():
        moved = sum(deadlines_store(case, extra_holidays=[HOLIDAY]) for case in cases)
        expected = stored()
        raise RolledBack
    assert moved > 0
    assert stored() == before

    # Batches of 7, so several batches and a last short one.
    result = open_deadlines_recompute(extra_holidays=[HOLIDAY], batch_size=7)
    assert result.examined == len(cases)
    assert result.changed_deadlines == moved
    assert stored() == expected
    assert expected != before


def test_only_the_cases_a_new_day_can_move_are_examined_and_they_match_the_one_case_path():
    national_generate(cases=120, years=1, today=TODAY, seed=5, batch_size=40)
    cases = examined_cases()
    with pytest.raises(RolledBack), transaction.atomic():
        for case in cases:
            deadlines_store(case, extra_holidays=[HOLIDAY])
        expected_open = {k: v for k, v in stored().items() if v["state"] == "open"}
        raise RolledBack
    result = open_deadlines_recompute(extra_holidays=[HOLIDAY], new_days=[HOLIDAY])
    assert 0 < result.changed_cases <= result.examined < len(cases)
    assert {k: v for k, v in stored().items() if v["state"] == "open"} == expected_open


def declined_cases(world, count: int) -> None:
    """``count`` cases whose family declined mediation on Mon 1 June 2026 (certificate due
    Thu 4 June, appeal deadline in August): the same rows each, so batches of them differ only
    in size."""
    adviser = world.users["provider_staff"]
    for _ in range(count):
        case = open_case(
            world, opened_on=dt.date(2026, 5, 22), decision_letter_date=dt.date(2026, 5, 18)
        )
        services.advice_give(actor=adviser, case=case, on=dt.date(2026, 6, 1))
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 6, 1))


def test_the_queries_of_a_batch_do_not_grow_with_its_cases(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    declined_cases(world, 2)
    new_days = [dt.date(2026, 6, 3)]
    with CaptureQueriesContext(connection) as small:
        result = open_deadlines_recompute(extra_holidays=new_days, new_days=new_days)
    assert (result.examined, result.changed_cases) == (2, 2)

    declined_cases(world, 6)
    new_days.append(dt.date(2026, 6, 2))  # moves every certificate again, old and new
    with CaptureQueriesContext(connection) as large:
        result = open_deadlines_recompute(extra_holidays=new_days, new_days=new_days[1:])
    assert (result.examined, result.changed_cases) == (8, 8)
    assert len(large) == len(small)
    assert sum("cases_caseevent" in q["sql"] for q in large.captured_queries) == 1

    # In batches of 3 (3, 3 and 2 cases): the same queries again for each batch.
    new_days.append(dt.date(2026, 6, 4))
    with CaptureQueriesContext(connection) as batched:
        result = open_deadlines_recompute(
            extra_holidays=new_days, new_days=new_days[2:], batch_size=3
        )
    assert (result.examined, result.changed_cases) == (8, 8)
    per_batch = len(small) - 1  # all but the query that finds the cases
    assert len(batched) == 1 + 3 * per_batch


def test_event_facts_carry_only_the_detail_the_law_reads(world):
    from sendresolve.cases.deadline_rows import EventFact, event_facts
    from sendresolve.cases.models import CaseEvent
    from sendresolve.cases.vocabulary import EventType

    case = open_case(world, opened_on=dt.date(2026, 5, 20))
    CaseEvent.objects.filter(case=case).delete()
    on = dt.date(2026, 5, 20)
    for event_type, detail in (
        (EventType.CASE_OPENED, {"via": "online", "name": "kept out"}),
        (EventType.PROCEEDING_RECORDED, {"kind": "tribunal_appeal", "via": "not read here"}),
        (EventType.PROCEEDING_RECORDED, {}),
        (EventType.ADVICE_GIVEN, {"kind": "not read for this type"}),
    ):
        CaseEvent.objects.create(case=case, type=event_type, occurred_on=on, detail=detail)
    other = open_case(world, opened_on=on)
    facts = event_facts([case.pk, other.pk])
    assert sorted(facts[case.pk], key=repr) == sorted(
        [
            EventFact(EventType.CASE_OPENED, on, {"via": "online"}),
            EventFact(EventType.PROCEEDING_RECORDED, on, {"kind": "tribunal_appeal"}),
            EventFact(EventType.PROCEEDING_RECORDED, on, {}),
            EventFact(EventType.ADVICE_GIVEN, on, {}),
        ],
        key=repr,
    )
    assert [f.type for f in facts[other.pk]] == list(
        CaseEvent.objects.filter(case=other).values_list("type", flat=True)
    )
