"""Health care in mediation: who must notify whom, who arranges, and by when (law.md §10.5)."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.tests.factories import CommissioningBodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 16, 9, tzinfo=LONDON), tick=False)


def to_la_informed(world, case, on=dt.date(2024, 12, 10)):
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=on)
    services.mediation_request(actor=adviser, case=case, on=on)
    services.la_inform(actor=adviser, case=case, on=on)


def rows(case) -> dict[str, CaseDeadline]:
    return {d.key: d for d in case.deadlines.all()}


def test_health_only_mediation_is_arranged_by_the_icb_within_30_days_of_its_notice(world):
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 9),
        decision_letter_date=dt.date(2024, 12, 2),
        subjects=("plan_health_or_social_care",),
        kind="health_only_mediation",
    )
    assert case.commissioning_body == world.commissioning_body
    to_la_informed(world, case)
    notify = rows(case)[f"health_body_notified:{world.commissioning_body.pk}"]
    # Told Tue 10 Dec 2024 → 3 working days → Fri 13 Dec 2024 (MED-03), owed by the LA.
    assert notify.due_on == dt.date(2024, 12, 13)
    assert notify.responsible_label == "Barnet"
    assert notify.title == "Tell NHS North Central London ICB about the health care issues"
    assert "mediation_held" not in rows(case)  # its clock starts with the ICB's notice

    services.commissioning_body_notify(
        actor=world.users["la_officer"], case=case, on=dt.date(2024, 12, 13)
    )
    held = rows(case)["mediation_held"]
    # ICB receives the notice Fri 13 Dec → 30 days → Sun 12 Jan 2025 (no roll-forward).
    assert held.due_on == dt.date(2025, 1, 12)
    assert held.practical_due_on == dt.date(2025, 1, 10)
    assert held.rule_id == "MED-04"
    assert held.responsible == "commissioning_body"
    assert held.responsible_body == world.commissioning_body
    assert held.responsible_label == "NHS North Central London ICB"
    assert rows(case)[f"health_body_notified:{world.commissioning_body.pk}"].state == "met"
    # Health sections alone cannot be appealed: no certificate, no appeal deadline.
    assert case.certificate_required() is None
    assert "appeal_registration" not in rows(case)


def test_mixed_mediation_the_la_arranges_and_must_notify_each_icb(world):
    second = CommissioningBodyFactory(ods_code="QRV", name="NHS North West London ICB")
    second.local_authorities.add(world.local_authority)
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 9),
        decision_letter_date=dt.date(2024, 12, 2),
        subjects=("plan_provision", "plan_health_or_social_care"),
        health_care_in_issue=True,
    )
    assert case.health_bodies.count() == 2
    assert case.commissioning_body is None  # no single lead body: the LA arranges
    to_la_informed(world, case)
    first_key = f"health_body_notified:{world.commissioning_body.pk}"
    second_key = f"health_body_notified:{second.pk}"
    assert rows(case)[first_key].due_on == rows(case)[second_key].due_on == dt.date(2024, 12, 13)
    held = rows(case)["mediation_held"]
    # LA told Tue 10 Dec 2024 → 30 days → Thu 9 Jan 2025 (MED-05), arranged by the LA.
    assert held.due_on == dt.date(2025, 1, 9)
    assert held.rule_id == "MED-05"
    assert held.responsible_label == "Barnet"

    with pytest.raises(ValidationError):  # two bodies waiting: say which
        services.commissioning_body_notify(
            actor=world.users["la_officer"], case=case, on=dt.date(2024, 12, 12)
        )
    services.commissioning_body_notify(
        actor=world.users["la_officer"],
        case=case,
        on=dt.date(2024, 12, 12),
        commissioning_body=second,
    )
    assert rows(case)[second_key].state == "met"
    assert rows(case)[first_key].state == "open"
    # Only one left waiting: no need to say which.
    services.commissioning_body_notify(
        actor=world.users["la_officer"], case=case, on=dt.date(2024, 12, 16)
    )
    assert rows(case)[first_key].state == "breached"  # Mon 16 Dec is after Fri 13 Dec


def test_health_only_mediation_cannot_include_education(world):
    with pytest.raises(ValidationError) as error:
        open_case(
            world,
            subjects=("plan_provision", "plan_health_or_social_care"),
            kind="health_only_mediation",
        )
    assert error.value.field == "kind"


def test_a_health_body_that_does_not_cover_the_la_is_refused(world):
    elsewhere = CommissioningBodyFactory(ods_code="QKK", name="NHS South East London ICB")
    with pytest.raises(ValidationError) as error:
        open_case(world, health_care_in_issue=True, commissioning_body=elsewhere)
    assert error.value.field == "commissioning_body"
