"""Triage: the provider's first-contact standard, referrals with consent, the queue's section."""

import datetime as dt

import pytest

from sendresolve.cases import selectors, services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.services import IssueInput, Referral
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.models import Commission

pytestmark = pytest.mark.django_db

CHRISTMAS_EVE = dt.datetime(2026, 12, 24, 9, tzinfo=LONDON)  # a Thursday


@pytest.fixture
def christmas_eve(time_machine):
    time_machine.move_to(CHRISTMAS_EVE, tick=False)


def online_request(world, request="mediation_advice", **extra):
    values = {
        "child_name": "Ola Example",
        "requester": "parent",
        "requester_name": "Kim Example",
        "email": "kim@example.test",
        "issues": [IssueInput("refusal_to_assess")],
        "decision_letter_date": dt.date(2026, 12, 1),
    }
    values.update(extra)
    return services.case_request_online(
        local_authority=world.local_authority, request=request, **values
    )


def first_contact(case):
    return case.deadlines.get(key="first_contact")


# -- the first-contact standard ----------------------------------------------------------------


def test_first_contact_is_due_two_working_days_after_a_christmas_eve_request(
    world, christmas_eve, django_capture_on_commit_callbacks
):
    # Fri 25 Dec (Christmas Day), the weekend and Mon 28 Dec (Boxing Day, substitute day) are
    # not working days: Tue 29 Dec is the first working day after the request, Wed 30 Dec the
    # second. The case's next deadline is a projection fed after the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        case = online_request(world)
    row = first_contact(case)
    assert row.due_on == dt.date(2026, 12, 30)
    assert row.trigger_date == dt.date(2026, 12, 24)
    assert row.state == CaseDeadline.State.OPEN
    assert row.responsible == "provider"
    assert row.rule == "Provider's service standard: first contact within 2 working days"
    assert row.legal_basis == []  # the provider's own standard: no legal citation
    assert row.verification == "P"
    case.refresh_from_db()
    assert case.next_deadline_on == dt.date(2026, 12, 30)
    assert case.next_deadline_title == "First contact with the family"


def test_first_contact_days_come_from_the_commission(world, christmas_eve):
    Commission.objects.filter(provider=world.provider).update(first_contact_working_days=1)
    row = first_contact(online_request(world))
    assert row.due_on == dt.date(2026, 12, 29)
    assert row.rule == "Provider's service standard: first contact within 1 working day"


def test_a_commission_of_another_la_does_not_set_the_standard(world, christmas_eve):
    Commission.objects.filter(provider=world.other_provider).update(first_contact_working_days=9)
    assert first_contact(online_request(world)).due_on == dt.date(2026, 12, 30)


def test_assigning_alone_does_not_meet_first_contact_but_advice_does(world, christmas_eve):
    case = online_request(world)
    services.case_assign(
        actor=world.users["provider_staff"], case=case, assignee=world.users["colleague"]
    )
    # Assigning records no deadline change of its own; recompute to be sure it is still open.
    from sendresolve.cases.deadlines import deadlines_recompute

    deadlines_recompute(case)
    assert first_contact(case).state == CaseDeadline.State.OPEN
    services.advice_give(actor=world.users["provider_staff"], case=case, on=dt.date(2026, 12, 24))
    row = first_contact(case)
    assert (row.state, row.met_on) == (CaseDeadline.State.MET, dt.date(2026, 12, 24))


def test_bookkeeping_does_not_meet_first_contact_but_a_logged_contact_does(world, christmas_eve):
    from sendresolve.cases.deadlines import deadlines_recompute
    from sendresolve.cases.models import CaseEvent

    case = online_request(world)
    services.party_add(
        actor=world.users["provider_staff"],
        case=case,
        role="la_officer",
        name="Lee Officer",
        organisation="Barnet",
    )
    assert first_contact(case).state == CaseDeadline.State.OPEN
    # The contact log's step (a call, an email, a letter) meets it.
    CaseEvent.objects.create(case=case, type="contact_logged", occurred_on=dt.date(2026, 12, 24))
    deadlines_recompute(case)
    row = first_contact(case)
    assert (row.state, row.met_on) == (CaseDeadline.State.MET, dt.date(2026, 12, 24))


def test_first_contact_recorded_late_is_missed(world, time_machine):
    time_machine.move_to(CHRISTMAS_EVE, tick=False)
    case = online_request(world)
    time_machine.move_to(dt.datetime(2026, 12, 31, 9, tzinfo=LONDON), tick=False)
    services.advice_give(actor=world.users["provider_staff"], case=case, on=dt.date(2026, 12, 31))
    row = first_contact(case)
    assert (row.state, row.met_on) == (CaseDeadline.State.BREACHED, dt.date(2026, 12, 31))


def test_a_family_who_called_the_provider_has_no_first_contact_standard(world, christmas_eve):
    case = open_case(world, opened_on=dt.date(2026, 12, 24), decision_letter_date=None)
    assert not case.deadlines.filter(key="first_contact").exists()


def test_a_withdrawn_request_no_longer_needs_first_contact(world, christmas_eve):
    case = online_request(world)
    services.case_withdraw(
        actor=world.users["provider_staff"], case=case, on=dt.date(2026, 12, 24), reason="x"
    )
    assert first_contact(case).state == CaseDeadline.State.NOT_NEEDED


# -- referrals ------------------------------------------------------------------------------------


def test_a_referral_needs_the_familys_consent(world, christmas_eve):
    with pytest.raises(ValidationError) as error:
        open_case(
            world,
            opened_on=dt.date(2026, 12, 24),
            decision_letter_date=None,
            referral=Referral(kind="sendiass", organisation="Barnet SENDIASS"),
        )
    assert error.value.field == "referral_consent_on"
    assert "consent" in str(error.value)


def test_consent_cannot_come_after_the_referral(world, christmas_eve):
    with pytest.raises(ValidationError) as error:
        open_case(
            world,
            opened_on=dt.date(2026, 12, 23),
            decision_letter_date=None,
            referral=Referral(kind="school", consent_on=dt.date(2026, 12, 24)),
        )
    assert error.value.field == "referral_consent_on"


def test_an_unknown_referrer_is_refused(world, christmas_eve):
    with pytest.raises(ValidationError) as error:
        open_case(
            world,
            opened_on=dt.date(2026, 12, 24),
            decision_letter_date=None,
            referral=Referral(kind="neighbour", consent_on=dt.date(2026, 12, 24)),
        )
    assert error.value.field == "referred_by"


def test_a_referred_family_is_kept_with_consent_and_awaits_first_contact(world, christmas_eve):
    case = open_case(
        world,
        opened_on=dt.date(2026, 12, 24),
        decision_letter_date=None,
        assigned_to=None,
        referral=Referral(
            kind="sendiass",
            organisation="Barnet SENDIASS",
            name="Pat Officer",
            consent_on=dt.date(2026, 12, 23),
            consent_note="Agreed by phone with SENDIASS",
        ),
    )
    case.refresh_from_db()
    assert (case.referred_by, case.referrer_organisation, case.referrer_name) == (
        "sendiass",
        "Barnet SENDIASS",
        "Pat Officer",
    )
    assert case.referral_consent_on == dt.date(2026, 12, 23)
    assert case.referral_consent_note == "Agreed by phone with SENDIASS"
    assert case.events.get().detail == {"via": "staff", "referred_by": "sendiass"}
    assert first_contact(case).due_on == dt.date(2026, 12, 30)


# -- the queue's section ----------------------------------------------------------------------


def test_triage_rows_say_what_was_asked_for_and_the_clocks_running(world, christmas_eve):
    request = online_request(world, request="mediation")
    open_case(world, opened_on=dt.date(2026, 12, 24), assigned_to=world.users["colleague"])
    rows = list(selectors.triage_rows(world.users["provider_staff"]))
    assert [row.reference for row in rows] == [request.reference]
    row = rows[0]
    assert row.requested == "mediation"
    assert row.first_contact_due == dt.date(2026, 12, 30)
    assert row.first_contact_rule == (
        "Provider's service standard: first contact within 2 working days"
    )
    # The family's appeal clock from the decision letter (1 Dec 2026) is already running.
    expected = (
        CaseDeadline.objects.filter(case=request, state="open")
        .exclude(key="first_contact")
        .order_by("due_on", "id")
        .first()
    )
    assert expected is not None
    assert (row.clock_due, row.clock_title) == (expected.due_on, expected.title)
    assert selectors.triage_count(world.users["provider_staff"]) == 1


def test_triage_is_for_the_providers_own_staff(world, christmas_eve):
    online_request(world)
    for persona in ("other_provider", "la_officer", "icb_officer", "administrator"):
        assert selectors.triage_count(world.users[persona]) == 0, persona


def test_a_commission_sets_its_own_first_contact_standard(world):
    from sendresolve.tenancy.services import commission_create
    from sendresolve.tenancy.tests.factories import LocalAuthorityFactory

    la = LocalAuthorityFactory(dfe_code="909", gss_code="E10000006", name="Elsewhere")
    commission = commission_create(
        actor=None,
        provider=world.provider,
        local_authority=la,
        starts_on=dt.date(2026, 4, 1),
        first_contact_working_days=3,
    )
    assert commission.first_contact_working_days == 3
    for days in (0, 21):
        with pytest.raises(ValidationError) as error:
            commission_create(
                actor=None,
                provider=world.other_provider,
                local_authority=la,
                starts_on=dt.date(2026, 4, 1),
                first_contact_working_days=days,
            )
        assert error.value.field == "first_contact_working_days"
