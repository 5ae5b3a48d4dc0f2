"""Invalid actions give a clear error and change nothing; other tenants cannot act."""

import datetime as dt

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import selectors, services
from sendresolve.cases.models import Case, CaseEvent, Certificate, ConfidentialNote
from sendresolve.cases.services import IssueInput
from sendresolve.cases.states import Status, TransitionNotAllowed
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    return dt.date(2024, 4, 10)


def snapshot(case):
    case.refresh_from_db()
    return (
        case.status,
        CaseEvent.objects.filter(case=case).count(),
        AuditEvent.objects.count(),
        Certificate.objects.count(),
    )


def test_certificate_cannot_be_issued_before_the_family_decides(world, today):
    case = open_case(world)
    before = snapshot(case)
    with pytest.raises(TransitionNotAllowed, match="enquiry"):
        services.certificate_issue(actor=world.users["provider_staff"], case=case)
    assert snapshot(case) == before


def test_a_future_date_is_refused_and_changes_nothing(world, today):
    case = open_case(world)
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        services.advice_give(
            actor=world.users["provider_staff"], case=case, on=today + dt.timedelta(days=1)
        )
    assert error.value.field == "on"
    assert snapshot(case) == before


def test_a_step_cannot_be_dated_before_the_previous_one(world, today):
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    with pytest.raises(ValidationError, match="on or after the last step"):
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 1))


def test_other_provider_and_other_la_cannot_act_or_see(world, today):
    case = open_case(world)
    for persona in ("other_provider", "other_la"):
        user = world.users[persona]
        with pytest.raises(NotFound):
            services.advice_give(actor=user, case=case, on=today)
        with pytest.raises(NotFound):
            selectors.case_get(user, reference=case.reference)
    case.refresh_from_db()
    assert case.status == Status.ENQUIRY


def test_la_officer_sees_the_case_but_cannot_issue_certificates(world, today):
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    # The LA sees the case once the family asks for mediation (privacy by stage), and still
    # after they change their mind.
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    officer = world.users["la_officer"]
    assert selectors.case_get(officer, reference=case.reference) == case
    with pytest.raises(NotFound):
        services.certificate_issue(actor=officer, case=case)


def test_confidential_notes_are_only_for_the_assigned_mediator_and_managers(world, today):
    case = open_case(world)
    services.note_add(actor=world.users["provider_staff"], case=case, text="Without prejudice")
    mediator = world.users["colleague"]
    assert selectors.confidential_notes_for(mediator, case).count() == 0
    services.case_assign(actor=world.users["provider_staff"], case=case, assignee=mediator)
    assert selectors.confidential_notes_for(mediator, case).count() == 1
    for persona in ("la_officer", "icb_officer"):
        assert selectors.confidential_notes_for(world.users[persona], case).count() == 0
    with pytest.raises(NotFound):
        services.note_add(actor=world.users["la_officer"], case=case, text="x")
    assert ConfidentialNote.objects.count() == 1


def test_certificate_issuing_is_idempotent(world, today):
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    first = services.certificate_issue(actor=adviser, case=case)
    second = services.certificate_issue(actor=world.users["provider_staff"], case=case)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_placement_only_cases_need_no_certificate(world, today):
    adviser = world.users["provider_staff"]
    case = open_case(world, subjects=("plan_placement",))
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    with pytest.raises(ValidationError, match="school named in the plan"):
        services.certificate_issue(actor=adviser, case=case)
    assert not case.deadlines.filter(deadline_id="contact_mediation_adviser").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"child_name": " "}, "child_name"),
        ({"email": ""}, "email"),
        ({"requester": "aunt"}, "requester"),
        ({"decision_letter_date": dt.date(2024, 4, 11)}, "decision_letter_date"),
        ({"child_date_of_birth": dt.date(1990, 1, 1)}, "child_date_of_birth"),
    ],
)
def test_opening_a_case_with_bad_input_names_the_field(world, today, changes, field):
    with pytest.raises(ValidationError) as error:
        open_case(world, opened_on=today, **changes)
    assert error.value.field == field
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("born", "opens"),
    [
        (dt.date(1998, 4, 10), False),  # 26 on the day of first contact
        (dt.date(1998, 4, 11), True),  # 25, turning 26 tomorrow
    ],
)
def test_a_case_opens_up_to_the_day_before_the_26th_birthday(world, today, born, opens):
    assert today == dt.date(2024, 4, 10)
    if opens:
        assert open_case(world, opened_on=today, child_date_of_birth=born).pk
    else:
        with pytest.raises(ValidationError, match="up to 25"):
            open_case(world, opened_on=today, child_date_of_birth=born)


def test_a_provider_cannot_open_a_case_for_an_la_it_does_not_serve(world, today):
    with pytest.raises(ValidationError, match="not commissioned"):
        services.case_open(
            actor=world.users["provider_staff"],
            provider=world.provider,
            local_authority=world.other_local_authority,
            child_name="A",
            requester="parent",
            requester_name="B",
            email="b@example.test",
            issues=[IssueInput("refusal_to_assess")],
            opened_on=today,
        )


def test_case_references_are_random_and_unique(world, today):
    refs = {open_case(world).reference for _ in range(5)}
    assert len(refs) == 5
    assert all(ref.startswith("SR-") and len(ref) == 12 for ref in refs)


def test_an_online_request_goes_to_the_provider_the_la_commissions(world, today):
    case = services.case_request_online(
        local_authority=world.local_authority,
        request="mediation_advice",
        child_name="Ola Example",
        requester="parent",
        requester_name="Kim Example",
        email="kim@example.test",
        issues=[IssueInput("refusal_to_assess")],
        decision_letter_date=dt.date(2024, 4, 1),
    )
    assert case.provider == world.provider
    assert case.status == Status.ENQUIRY
    opened = case.events.get()
    assert opened.actor is None and opened.detail == {
        "via": "online",
        "request": "mediation_advice",
    }
    assert selectors.case_get(world.users["provider_staff"], reference=case.reference) == case
    with pytest.raises(NotFound):
        selectors.case_get(world.users["other_provider"], reference=case.reference)


def test_an_online_request_for_an_la_with_no_commission_is_refused(world, today):
    from sendresolve.tenancy.tests.factories import LocalAuthorityFactory

    la = LocalAuthorityFactory(dfe_code="909", gss_code="E10000006", name="Nowhere")
    with pytest.raises(ValidationError) as error:
        services.case_request_online(
            local_authority=la,
            request="mediation",
            child_name="A",
            requester="parent",
            requester_name="B",
            email="b@example.test",
            issues=[IssueInput("plan_needs")],
        )
    assert error.value.field == "local_authority"
    assert Case.objects.count() == 0
