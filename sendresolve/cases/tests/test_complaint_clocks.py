"""Complaints recorded alongside a case get their clocks from the law core, stored as the
case's deadlines and shown on the staff case page and the family's status page."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.services import IssueInput
from sendresolve.core.clock import LONDON
from sendresolve.public.family import links

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 1, 6, 9, tzinfo=LONDON), tick=False)


def _case(world):
    return services.case_open(
        actor=world.users["provider_staff"],
        provider=world.provider,
        local_authority=world.local_authority,
        kind="disagreement_resolution",
        dr_type="family_body_duties",
        issues=[IssueInput("delay", with_body="local_authority")],
        child_name="Robin Example",
        requester="parent",
        requester_name="Jo Example",
        email="jo@example.test",
        opened_on=dt.date(2024, 12, 2),
    )


def test_a_childrens_social_care_complaint_has_its_stage_1_clock(world, client):
    case = _case(world)
    complaint = services.proceeding_record(
        actor=world.users["la_officer"],
        case=case,
        kind="childrens_social_care_complaint",
        started_on=dt.date(2024, 12, 20),
    )
    rows = {row.key: row for row in case.deadlines.filter(key__startswith="complaint:")}

    stage1 = rows[f"complaint:{complaint.pk}:stage1"]
    # 23-24 December (2), 27 (3), 30-31 (5), 2-3 January (7), 6-8 January (10).
    assert stage1.due_on == dt.date(2025, 1, 8)
    assert stage1.rule_id == "CMP-04"
    assert stage1.responsible_name == "Barnet"
    assert stage1.state == CaseDeadline.State.OPEN
    assert rows[f"complaint:{complaint.pk}:stage1_extended"].due_on == dt.date(2025, 1, 22)
    assert rows[f"complaint:{complaint.pk}:ombudsman"].due_on == dt.date(2025, 12, 20)

    client.force_login(world.users["provider_staff"])
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Respond to the children&#39;s social care complaint (stage 1)" in page
    assert "Wednesday 8 January 2025" in page

    client.logout()
    status = client.get(f"/your-case/{links.token_for(case)}/").content.decode()
    assert "The council should reply to your complaint by" in status
    assert "8 January 2025" in status
    assert "Ombudsman" not in status  # counted from a date the case does not record


def test_finishing_the_complaint_closes_its_reply_clocks(world):
    case = _case(world)
    complaint = services.proceeding_record(
        actor=world.users["provider_staff"],
        case=case,
        kind="nhs_complaint",
        started_on=dt.date(2024, 12, 23),
    )
    key = f"complaint:{complaint.pk}:acknowledged"
    # 24, 27 and 30 December: Christmas Day and Boxing Day are not working days.
    assert case.deadlines.get(key=key).due_on == dt.date(2024, 12, 30)

    services.proceeding_finish(actor=world.users["provider_staff"], proceeding=complaint)

    assert case.deadlines.get(key=key).state == CaseDeadline.State.NOT_NEEDED


def test_an_nhs_complaint_shows_the_phso_12_months_on_the_case_page(world, client):
    case = _case(world)
    complaint = services.proceeding_record(
        actor=world.users["provider_staff"],
        case=case,
        kind="nhs_complaint",
        started_on=dt.date(2024, 2, 29),
    )
    phso = case.deadlines.get(key=f"complaint:{complaint.pk}:ombudsman")

    # 12 months from Thu 29 February 2024: there is no 29 February 2025 (CMP-06).
    assert phso.due_on == dt.date(2025, 2, 28)
    assert phso.rule_id == "CMP-06"
    assert phso.deadline_id == "phso_complaint_by"
    assert phso.state == CaseDeadline.State.OPEN

    services.proceeding_finish(actor=world.users["provider_staff"], proceeding=complaint)
    phso.refresh_from_db()
    assert phso.state == CaseDeadline.State.OPEN  # the Ombudsman stays open after the reply

    client.force_login(world.users["provider_staff"])
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Family may go to the Parliamentary and Health Service Ombudsman" in page
    assert "Friday 28 February 2025" in page

    client.logout()
    status = client.get(f"/your-case/{links.token_for(case)}/").content.decode()
    assert "Ombudsman" not in status  # counted from a date the case does not record
