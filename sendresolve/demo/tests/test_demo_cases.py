"""The demo cases: every status, overdue work for the provider and the LA, tenancy, idempotence."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from sendresolve.cases.models import (
    AgreedAction,
    Case,
    CaseDeadline,
    CaseEvent,
    Certificate,
    Outcome,
    Party,
    Session,
    Venue,
)
from sendresolve.cases.selectors import cases_for, confidential_notes_for
from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import EventType, PartyRole
from sendresolve.core import clock
from sendresolve.demo.case_data import CASES
from sendresolve.demo.cases import demo_cases_summary
from sendresolve.demo.resolution_cases import CHILD_NAMES
from sendresolve.demo.services import demo_seed
from sendresolve.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at the end (seeding is slow)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed()
        yield
        transaction.set_rollback(True)


def user(username):
    return get_user_model().objects.get(username=username)


def overdue(**filters):
    return CaseDeadline.objects.filter(
        state=CaseDeadline.State.OPEN, due_on__lt=clock.today(), **filters
    )


def demo_case(child_name):
    return Case.objects.get(child_name=child_name)


def test_every_status_is_present(seeded):
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Case.objects.count() == len(CASES) + len(CHILD_NAMES)


def test_cases_spread_over_several_las_and_both_providers(seeded):
    global_las = set(
        Case.objects.filter(provider__slug="global-mediation").values_list(
            "local_authority__name", flat=True
        )
    )
    assert {"Barnet", "Westminster", "Camden", "Birmingham", "Manchester", "York"} <= global_las
    kids = Case.objects.filter(provider__slug="kids")
    assert 2 <= kids.count() <= 3
    assert set(kids.values_list("local_authority__name", flat=True)) == {"Southend-on-Sea"}
    assignees = set(Case.objects.values_list("assigned_to__username", flat=True))
    assert {
        "adviser@global.demo",
        "mediator@global.demo",
        "coordinator@global.demo",
        "manager@global.demo",
        "adviser@kids.demo",
    } <= assignees


def test_running_the_seed_twice_creates_no_second_case(seeded):
    counts = [
        model.objects.count()
        for model in (Case, CaseEvent, Certificate, Party, Session, Venue, OutboxMessage)
    ]
    demo_seed()
    assert counts == [
        model.objects.count()
        for model in (Case, CaseEvent, Certificate, Party, Session, Venue, OutboxMessage)
    ]


def test_a_certificate_is_overdue_from_the_provider(seeded):
    late = overdue(responsible="provider", deadline_id="certificate_after_declining")
    assert late.filter(case__child_name="Maisie Thornbury").exists()
    assert overdue(responsible="provider", case__status=Status.NOT_ARRANGED).exists()


def test_the_la_is_overdue_with_a_meeting_and_an_agreed_action(seeded):
    harriet = demo_case("Harriet Oakenfold")
    assert harriet.status == Status.LA_INFORMED
    informed = harriet.events.get(type=EventType.LA_INFORMED).occurred_on
    assert informed == clock.today() - dt.timedelta(days=35)
    assert overdue(responsible="local_authority", deadline_id="mediation_held", case=harriet)
    assert overdue(responsible="local_authority", key__startswith="action:").exists()
    assert overdue(responsible="local_authority", deadline_id="health_body_notified").exists()


def test_some_deadlines_are_due_soon(seeded):
    soon = CaseDeadline.objects.filter(
        state=CaseDeadline.State.OPEN,
        due_on__gte=clock.today(),
        due_on__lte=clock.today() + dt.timedelta(days=7),
    ).exclude(responsible="family")
    assert soon.count() >= 3


def test_sessions_are_in_the_future_when_arranged_and_in_the_past_when_held(seeded):
    now = clock.now()
    for case in Case.objects.filter(status=Status.ARRANGED):
        session = case.sessions.get()
        assert session.starts_at > now
        assert session.state == Session.State.SCHEDULED
    for case in Case.objects.filter(status=Status.HELD):
        session = case.sessions.get()
        assert session.starts_at < now
        assert session.state == Session.State.HELD
    in_person = Session.objects.filter(mode=Venue.Mode.IN_PERSON).select_related("venue")
    assert in_person.filter(venue__name="Barnet Community Centre, Meeting Room 2").exists()
    assert all(s.venue.local_authority_id == s.case.local_authority_id for s in in_person)


def test_mediations_have_an_la_officer_with_authority_a_supporter_and_a_school(seeded):
    case = demo_case("Ava Kingsmere")
    roles = set(case.parties.values_list("role", flat=True))
    assert {PartyRole.PARENT, PartyRole.LA_OFFICER, PartyRole.SUPPORTER, PartyRole.SCHOOL} <= roles
    assert case.parties.get(role=PartyRole.LA_OFFICER).has_authority_to_agree
    assert set(case.sessions.get().attendees.all()) == set(case.parties.all())


def test_health_case_has_the_commissioning_body_notified(seeded):
    ruby = demo_case("Ruby Haverstock")
    assert ruby.health_care_in_issue
    assert ruby.commissioning_body.ods_code == "QMJ"
    assert ruby.events.filter(type=EventType.COMMISSIONING_BODY_NOTIFIED).exists()
    assert ruby.deadlines.get(deadline_id="health_body_notified").state == CaseDeadline.State.MET
    assert ruby in cases_for(user("commissioner@ncl-icb.demo"))


def test_placement_only_case_needs_no_certificate(seeded):
    rory = demo_case("Rory Fenwright")
    assert set(rory.issues.values_list("subject", flat=True)) == {"plan_placement"}
    assert rory.certificate_required() is False


def test_concluded_partly_agreed_case_has_one_action_done_and_one_overdue(seeded):
    elsie = demo_case("Elsie Marchbank")
    assert elsie.status == Status.CONCLUDED
    results = set(elsie.outcomes.values_list("result", flat=True))
    assert Outcome.Result.PARTLY_AGREED in results
    done, late = (
        elsie.actions.filter(completed_on__isnull=False),
        elsie.actions.filter(completed_on__isnull=True),
    )
    assert done.count() == 1 and late.count() == 1
    assert late.get().owner == AgreedAction.Owner.LOCAL_AUTHORITY
    assert overdue(case=elsie, key=f"action:{late.get().pk}").exists()
    assert confidential_notes_for(user("mediator@global.demo"), elsie).count() == 1
    assert not confidential_notes_for(user("officer@barnet.demo"), elsie).exists()


def test_barnet_officer_sees_only_barnet_cases(seeded):
    seen = cases_for(user("officer@barnet.demo"))
    assert seen.count() >= 5
    assert set(seen.values_list("local_authority__name", flat=True)) == {"Barnet"}
    # Privacy by stage: Barnet's advice-only cases (the family has not asked for mediation)
    # and disagreement resolution with a school alone stay between the family and the provider.
    unseen = Case.objects.filter(local_authority__name="Barnet").exclude(pk__in=seen.values("pk"))
    assert unseen.exists()
    for case in unseen:
        assert not case.events.filter(type=EventType.MEDIATION_REQUESTED).exists(), case
        if case.is_disagreement_resolution:
            assert not case.issues.filter(with_body__in=("local_authority", "social_care"))
            assert not case.parties.filter(role__in=(PartyRole.LA_OFFICER, "social_care"))
        else:
            assert case.status in ("enquiry", "advice_given", "declined", "certificate_issued")


def test_kids_adviser_sees_only_kids_cases(seeded):
    seen = cases_for(user("adviser@kids.demo"))
    assert seen.count() == Case.objects.filter(provider__slug="kids").count() >= 2
    assert set(seen.values_list("provider__slug", flat=True)) == {"kids"}
    assert not cases_for(user("adviser@global.demo")).filter(provider__slug="kids").exists()


def test_families_are_fictional(seeded):
    emails = set(Case.objects.exclude(email="").values_list("email", flat=True))
    emails |= set(Party.objects.exclude(email="").values_list("email", flat=True))
    assert emails and all(email.endswith("@example.com") for email in emails)


def test_summary_counts_the_overdue_cases(seeded):
    summary = demo_cases_summary()
    assert summary.total == len(CASES) + len(CHILD_NAMES)
    assert 3 <= summary.overdue < summary.total


def test_demo_command_prints_the_case_summary(seeded, capsys):
    call_command("demo")
    summary = demo_cases_summary()
    assert f"Demo cases: {summary.total} ({summary.overdue} overdue)" in capsys.readouterr().out
