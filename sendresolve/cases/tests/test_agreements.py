"""Mediation agreements on appealable matters run on the reg 44 clocks from the agreement date
(SEND Regulations 2014 reg 42(2); law.md §10.6), owed by the LA and named on every row."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.services import ActionInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


def test_agreement_to_assess_runs_the_reg_44_clocks_from_the_agreement(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 5, 20, 16, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=dt.date(2024, 4, 15), decision_letter_date=dt.date(2024, 4, 10)
    )
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=adviser, case=case, on=dt.date(2024, 4, 16))
    start = dt.datetime(2024, 5, 20, 10, tzinfo=LONDON)
    session = services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        mode="online",
        on=dt.date(2024, 4, 17),
    )
    services.session_hold(actor=adviser, session=session)
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2024, 5, 20),
        outcomes={case.issues.get().pk: "agreed"},
        agreement_text="The LA will carry out an EHC needs assessment.",
        actions=[ActionInput("Carry out an EHC needs assessment", "local_authority", "assess")],
    )
    rows = {d.deadline_id: d for d in case.deadlines.filter(key__startswith="action:")}
    # Agreement Mon 20 May 2024: say it will assess by 3 Jun (2 weeks), "no plan" by 29 Jul
    # (10 weeks), or the final plan by Mon 26 Aug (14 weeks): the summer bank holiday, so the
    # date stands and staff are told to aim for Fri 23 Aug.
    assert rows["agreement_notify_will_assess"].due_on == dt.date(2024, 6, 3)
    assert rows["agreement_no_plan_notice"].due_on == dt.date(2024, 7, 29)
    final = rows["agreement_final_plan_after_assessment"]
    assert final.due_on == dt.date(2024, 8, 26)
    assert final.practical_due_on == dt.date(2024, 8, 23)
    for row in rows.values():
        assert row.rule_id == "AGR-01"
        assert row.responsible == "local_authority"
        assert row.responsible_label == "Barnet"
        assert "SEND Regulations 2014 reg 42(2)" in row.legal_basis
