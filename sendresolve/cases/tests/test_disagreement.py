"""Disagreement resolution: the four kinds, voluntary for every party, no certificate."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseDeadline, Party, RelatedProceeding
from sendresolve.cases.services import ActionInput, IssueInput
from sendresolve.cases.states import Status, TransitionNotAllowed
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 12, 18, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 2, 9, tzinfo=LONDON), tick=False)


def open_dr(world, dr_type, issues, **extra):
    values = {
        "child_name": "Robin Example",
        "requester": "parent",
        "requester_name": "Jo Example",
        "email": "jo@example.test",
        "opened_on": dt.date(2024, 12, 2),
    }
    values.update(extra)
    return services.case_open(
        actor=world.users["provider_staff"],
        provider=world.provider,
        local_authority=world.local_authority,
        kind="disagreement_resolution",
        dr_type=dr_type,
        issues=issues,
        **values,
    )


def add(world, case, role, name, **extra):
    return services.party_add(
        actor=world.users["provider_staff"], case=case, role=role, name=name, **extra
    )


def agree(world, party, agrees=True, persona="provider_staff"):
    return services.participation_record(
        actor=world.users[persona], party=party, agrees=agrees, on=dt.date(2024, 12, 2)
    )


def test_type_1_covers_several_services_at_once_without_an_ehc_plan(world):
    case = open_dr(
        world,
        "family_body_duties",
        [
            IssueInput("support_without_plan", "Reviews of support not held", "school"),
            IssueInput("delay", "Assessment request not answered", "local_authority"),
        ],
        has_ehc_plan=False,
    )
    assert case.status == Status.ENQUIRY
    assert case.has_ehc_plan is False
    assert case.certificate_required() is None
    assert sorted(case.issues.values_list("with_body", flat=True)) == ["local_authority", "school"]
    family = case.parties.get()
    assert family.participation == "agreed"  # they asked for it
    assert not case.deadlines.exists()  # no statutory time limits


def test_everyone_must_agree_before_a_meeting_can_be_arranged(world):
    case = open_dr(world, "family_body_duties", [IssueInput("delay", with_body="local_authority")])
    school = add(world, case, "school", "Head of Oakfield", organisation="Oakfield Primary")
    la = add(world, case, "la_officer", "Pat Officer", organisation="Barnet")
    with pytest.raises(TransitionNotAllowed):
        services.session_schedule(
            actor=world.users["provider_staff"],
            case=case,
            starts_at=START,
            ends_at=START + dt.timedelta(hours=2),
            mode="online",
        )
    agree(world, la, persona="la_officer")  # an LA officer answers for the LA
    case.refresh_from_db()
    assert case.status == Status.ENQUIRY  # the school has not answered
    agree(world, school, agrees=False)
    case.refresh_from_db()
    assert case.status == Status.PARTIES_AGREED
    assert Party.objects.get(pk=school.pk).participation == "declined"
    services.session_schedule(
        actor=world.users["provider_staff"],
        case=case,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        mode="online",
        attendees=[p for p in case.parties.all() if p.participation == "agreed"],
    )
    case.refresh_from_db()
    assert case.status == Status.ARRANGED
    assert set(case.events.values_list("type", flat=True)) >= {
        "participation_recorded",
        "all_parties_agreed",
        "session_scheduled",
    }


def test_when_every_other_side_declines_it_is_not_taken_forward(world):
    case = open_dr(
        world, "family_school_provision", [IssueInput("plan_provision", with_body="school")]
    )
    school = add(world, case, "school", "SENCo", organisation="Oakfield Primary")
    agree(world, school, agrees=False)
    case.refresh_from_db()
    assert case.status == Status.NOT_TAKEN_FORWARD
    assert case.closed_on == dt.date(2024, 12, 2)
    with pytest.raises(ValidationError):
        add(world, case, "la_officer", "Too late")


def test_an_la_officer_cannot_answer_for_the_school_or_another_las_case(world):
    case = open_dr(world, "family_body_duties", [IssueInput("delay", with_body="school")])
    school = add(world, case, "school", "Head", organisation="Oakfield Primary")
    with pytest.raises(NotFound):
        agree(world, school, persona="la_officer")
    with pytest.raises(NotFound):
        agree(world, school, persona="other_la")
    with pytest.raises(NotFound):
        agree(world, school, persona="icb_officer")


def test_type_3_health_links_the_icb_and_its_officer_answers_for_health(world):
    case = open_dr(
        world,
        "family_health_social_care",
        [IssueInput("health_services", "Therapy in the draft plan", "health")],
    )
    assert case.commissioning_body == world.commissioning_body
    assert list(case.health_bodies.values_list("commissioning_body", flat=True)) == [
        world.commissioning_body.pk
    ]
    health = add(
        world,
        case,
        "health",
        "Designated clinical officer",
        commissioning_body=world.commissioning_body,
    )
    agree(world, health, persona="icb_officer")
    case.refresh_from_db()
    assert case.status == Status.PARTIES_AGREED


def test_type_4_la_and_icb_has_no_family_party_and_sends_the_family_nothing(world):
    case = open_dr(
        world,
        "la_health",
        [IssueInput("assessment_or_planning_process", "Who funds the therapy", "health")],
        requester="local_authority",
        requester_name="Pat Officer",
        email="pat.officer@barnet.test",
    )
    assert case.has_family_party is False
    first = case.parties.get()
    assert first.role == "la_officer"
    assert first.organisation == "Barnet"
    assert not OutboxMessage.objects.filter(template="case_opened").exists()
    health = add(
        world, case, "health", "Continuing care lead", commissioning_body=world.commissioning_body
    )
    agree(world, health, persona="icb_officer")
    case.refresh_from_db()
    assert case.status == Status.PARTIES_AGREED


@pytest.mark.parametrize(
    ("dr_type", "requester", "issues", "field"),
    [
        ("", "parent", [IssueInput("delay")], "dr_type"),
        ("family_school_provision", "parent", [IssueInput("delay", with_body="health")], "issues"),
        ("la_health", "parent", [IssueInput("health_services", with_body="health")], "requester"),
        ("family_body_duties", "local_authority", [IssueInput("delay")], "requester"),
    ],
)
def test_a_dr_case_that_does_not_fit_its_kind_is_refused(world, dr_type, requester, issues, field):
    with pytest.raises(ValidationError) as error:
        open_dr(world, dr_type, issues, requester=requester)
    assert error.value.field == field
    assert not Case.objects.exists()


def test_dr_outcomes_per_issue_with_agreed_dates_and_no_certificate(world, time_machine):
    case = open_dr(
        world,
        "family_body_duties",
        [
            IssueInput("delay", with_body="local_authority"),
            IssueInput("support_without_plan", with_body="school"),
        ],
    )
    la = add(world, case, "la_officer", "Pat Officer")
    school = add(world, case, "school", "Head")
    agree(world, la)
    agree(world, school)
    session = services.session_schedule(
        actor=world.users["provider_staff"],
        case=case,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        mode="online",
    )
    time_machine.move_to(dt.datetime(2024, 12, 18, 15, tzinfo=LONDON), tick=False)
    services.session_hold(actor=world.users["provider_staff"], session=session)
    delay, support = case.issues.all()
    with pytest.raises(ValidationError):  # reg 42 clocks are for mediation, not DR
        services.mediation_conclude(
            actor=world.users["provider_staff"],
            case=case,
            on=dt.date(2024, 12, 18),
            outcomes={delay.pk: "agreed", support.pk: "not_agreed"},
            agreement_text="The LA will decide by 10 January.",
            actions=[ActionInput("Decide on the assessment", "local_authority")],
        )
    services.mediation_conclude(
        actor=world.users["provider_staff"],
        case=case,
        on=dt.date(2024, 12, 18),
        outcomes={delay.pk: "agreed", support.pk: "not_agreed"},
        agreement_text="The LA will decide by 10 January.",
        actions=[
            ActionInput(
                "Decide on the assessment", "local_authority", "agreed_date", dt.date(2025, 1, 10)
            )
        ],
    )
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED
    assert {o.issue_id: o.result for o in case.outcomes.all()} == {
        delay.pk: "agreed",
        support.pk: "not_agreed",
    }
    row = case.deadlines.get(key__startswith="action:")
    assert row.due_on == dt.date(2025, 1, 10)
    assert row.rule_id == "AGR-04"
    assert row.responsible_label == "Barnet"
    assert row.state == CaseDeadline.State.OPEN
    with pytest.raises((ValidationError, TransitionNotAllowed)):
        services.certificate_issue(actor=world.users["provider_staff"], case=case)
    assert not case.certificates.exists()


def test_complaints_and_a_pending_appeal_are_recorded_alongside(world):
    case = open_dr(world, "family_body_duties", [IssueInput("delay", with_body="local_authority")])
    services.proceeding_record(
        actor=world.users["la_officer"],
        case=case,
        kind="local_authority_complaint",
        started_on=dt.date(2024, 11, 20),
        reference="COMP-1234",
    )
    appeal = services.proceeding_record(
        actor=world.users["provider_staff"],
        case=case,
        kind="tribunal_appeal",
        started_on=dt.date(2024, 11, 25),
        detail="Appeal against refusal to assess, registered",
    )
    with pytest.raises(NotFound):
        services.proceeding_record(
            actor=world.users["icb_officer"],
            case=case,
            kind="nhs_complaint",
            started_on=dt.date(2024, 11, 25),
        )
    services.proceeding_finish(actor=world.users["provider_staff"], proceeding=appeal)
    assert list(RelatedProceeding.objects.filter(case=case).values_list("kind", "state")) == [
        ("local_authority_complaint", "ongoing"),
        ("tribunal_appeal", "finished"),
    ]
    case.refresh_from_db()
    assert case.status == Status.ENQUIRY  # running alongside changes nothing about the DR
