"""Privacy by stage: an LA's and a health body's officers see a case only once their body has
something to do on it (``cases.privacy.la_visible`` / ``health_visible``), through every
read (``cases.selectors``): one case, the lists, the work queue and its counts."""

import datetime as dt

import pytest

from sendresolve.cases import selectors, services
from sendresolve.cases.services import ActionInput, IssueInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound

pytestmark = pytest.mark.django_db
OFFICERS = ("la_officer", "icb_officer")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)


def seen_by(world, persona) -> set[str]:
    return set(selectors.cases_for(world.users[persona]).values_list("reference", flat=True))


def visible(world, case) -> dict[str, bool]:
    """Whether each officer finds the case, through the one-case read and the list alike."""
    found = {}
    for persona in OFFICERS:
        try:
            selectors.case_get(world.users[persona], reference=case.reference)
        except NotFound:
            found[persona] = False
        else:
            found[persona] = True
        assert found[persona] == (case.reference in seen_by(world, persona)), persona
    return found


def health_case(world, **extra):
    """A mediation case about health care too, the ICB named: the ICB would have to act once
    the family asks for mediation."""
    return open_case(
        world, health_care_in_issue=True, commissioning_body=world.commissioning_body, **extra
    )


def test_advice_only_cases_stay_between_the_family_and_the_provider(world):
    adviser = world.users["provider_staff"]
    enquiry = health_case(world)
    advised = health_case(world)
    services.advice_give(actor=adviser, case=advised, on=dt.date(2024, 3, 6))
    declined = health_case(world)
    services.advice_give(actor=adviser, case=declined, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=declined, on=dt.date(2024, 3, 7))
    services.certificate_issue(actor=adviser, case=declined, on=dt.date(2024, 3, 8))
    closed = health_case(world)
    services.advice_give(actor=adviser, case=closed, on=dt.date(2024, 3, 6))
    services.case_close(actor=adviser, case=closed, on=dt.date(2024, 3, 7))
    for case in (enquiry, advised, declined, closed):
        case.refresh_from_db()
        assert visible(world, case) == {"la_officer": False, "icb_officer": False}, case.status
        assert case.reference in seen_by(world, "provider_staff")
        assert case.reference in seen_by(world, "administrator")


def test_asking_for_mediation_brings_the_la_and_icb_in_and_they_stay_in(world):
    adviser = world.users["provider_staff"]
    case = health_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    assert visible(world, case) == {"la_officer": False, "icb_officer": False}
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    assert visible(world, case) == {"la_officer": True, "icb_officer": True}
    # Declining after asking, then the certificate: the LA was told, so it still sees the case.
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 11))
    case.refresh_from_db()
    assert visible(world, case) == {"la_officer": True, "icb_officer": True}
    # Another LA's officers never do.
    assert case.reference not in seen_by(world, "other_la")


def test_the_icb_sees_mediation_only_when_health_is_its_business(world):
    adviser = world.users["provider_staff"]
    case = open_case(world)  # not about health care
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    assert visible(world, case) == {"la_officer": True, "icb_officer": False}


def test_the_icb_sees_a_case_it_was_notified_of(world):
    adviser = world.users["provider_staff"]
    case = open_case(world, health_care_in_issue=True)  # the ICB covering the LA is added
    assert visible(world, case) == {"la_officer": False, "icb_officer": False}
    services.commissioning_body_notify(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    assert visible(world, case) == {"la_officer": False, "icb_officer": True}


def open_dr(world, dr_type, subjects_with):
    return services.case_open(
        actor=world.users["provider_staff"],
        provider=world.provider,
        local_authority=world.local_authority,
        kind="disagreement_resolution",
        dr_type=dr_type,
        issues=[IssueInput(subject=s, with_body=w) for s, w in subjects_with],
        child_name="Robin Example",
        requester="parent",
        requester_name="Jo Example",
        email="jo@example.test",
        opened_on=dt.date(2024, 4, 2),
    )


def test_disagreement_resolution_is_seen_by_the_body_it_is_with(world):
    with_school = open_dr(world, "family_school_provision", [("plan_provision", "school")])
    with_la = open_dr(world, "family_body_duties", [("delay", "local_authority")])
    assert visible(world, with_school) == {"la_officer": False, "icb_officer": False}
    assert visible(world, with_la) == {"la_officer": True, "icb_officer": False}
    # With health: the ICB covering the LA is on it from the first contact.
    health = open_dr(world, "family_health_social_care", [("health_services", "health")])
    assert visible(world, health) == {"la_officer": False, "icb_officer": True}


def test_an_agreed_action_for_the_la_or_a_tribunal_appeal_brings_the_la_in(world):
    adviser = world.users["provider_staff"]
    school = open_dr(world, "family_school_provision", [("plan_provision", "school")])
    for role in ("parent", "school"):
        party = services.party_add(actor=adviser, case=school, role=role, name=role)
        services.participation_record(
            actor=adviser, party=party, agrees=True, on=dt.date(2024, 4, 3)
        )
    session = services.session_schedule(
        actor=adviser,
        case=school,
        mode="online",
        on=dt.date(2024, 4, 3),
        starts_at=dt.datetime(2024, 4, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 8, 12, tzinfo=LONDON),
    )
    services.session_hold(actor=adviser, session=session)
    assert visible(world, school)["la_officer"] is False
    (issue,) = school.issues.all()
    services.mediation_conclude(
        actor=adviser,
        case=school,
        on=dt.date(2024, 4, 8),
        outcomes={issue.pk: "agreed"},
        agreement_text="The school and the LA will review the timetable.",
        actions=[
            ActionInput(
                "Review the transport",
                "local_authority",
                clock="agreed_date",
                agreed_due_on=dt.date(2024, 5, 1),
            )
        ],
    )
    assert visible(world, school)["la_officer"] is True

    appeal = open_case(world)
    services.advice_give(actor=adviser, case=appeal, on=dt.date(2024, 3, 6))
    assert visible(world, appeal)["la_officer"] is False
    services.proceeding_record(
        actor=adviser, case=appeal, kind="tribunal_appeal", started_on=dt.date(2024, 4, 1)
    )
    assert visible(world, appeal)["la_officer"] is True


def test_the_officers_queue_and_its_counts_leave_out_what_they_cannot_see(world):
    adviser = world.users["provider_staff"]
    today = dt.date(2024, 4, 10)
    health_case(world)  # advice only
    requested = health_case(world)
    services.advice_give(actor=adviser, case=requested, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=requested, on=dt.date(2024, 3, 7))
    for persona in OFFICERS:
        user = world.users[persona]
        queue = [c.reference for c in selectors.work_queue(user, today=today)]
        assert queue == [requested.reference], persona
        assert selectors.queue_counts(user, today=today)["total"] == 1, persona
    assert selectors.queue_counts(adviser, today=today)["total"] == 2


def test_services_refuse_an_officer_on_a_case_they_cannot_see(world):
    """Even called directly (a command, a task), a service answers an LA officer on an
    advice-only case as if it did not exist; once mediation is asked for, the LA may act."""
    adviser = world.users["provider_staff"]
    officer = world.users["la_officer"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    complaint = {"kind": "local_authority_complaint", "started_on": dt.date(2024, 4, 1)}
    with pytest.raises(NotFound):
        services.proceeding_record(actor=officer, case=case, **complaint)
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.proceeding_record(actor=officer, case=case, **complaint)
    assert case.proceedings.count() == 1


def test_the_meeting_invitation_an_officer_downloads_leaves_out_the_familys_address(world):
    from sendresolve.cases.documents import session_invite

    adviser = world.users["provider_staff"]
    case = open_case(world)
    parent = services.party_add(
        actor=adviser, case=case, role="parent", name="Alex", email="alex@example.test"
    )
    officer = services.party_add(
        actor=adviser, case=case, role="la_officer", name="Jo", email="jo@barnet.test"
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        on=dt.date(2024, 3, 11),
        starts_at=dt.datetime(2024, 4, 1, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 1, 12, tzinfo=LONDON),
        attendees=[parent, officer],
    )
    for_la = session_invite(session, domain="test", reader=world.users["la_officer"])
    assert b"jo@barnet.test" in for_la and b"alex@example.test" not in for_la
    for_staff = session_invite(session, domain="test", reader=adviser)
    assert b"jo@barnet.test" in for_staff and b"alex@example.test" in for_staff
