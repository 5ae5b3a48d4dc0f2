"""Staff self-service (issue 23): invitations, roles, suspension, removal and the last manager."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import selectors as case_selectors
from sendresolve.cases import services as case_services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.notifications.models import OutboxMessage
from sendresolve.tenancy import staffing
from sendresolve.tenancy.actors import actor_build
from sendresolve.tenancy.models import Membership, StaffInvite
from sendresolve.tenancy.roles import Role

GOOD_PASSWORD = "plum-kettle-harbour-9"


@pytest.fixture
def manager(role_personas):
    return role_personas.users["manager"]


def invite(world, manager, email="new.mediator@alpha.test", roles=("mediator",)):
    return staffing.staff_invite(
        actor=manager,
        provider=world.provider,
        email=email,
        roles=list(roles),
        base_url="https://resolve.example",
    )


def test_an_invitation_emails_a_single_use_link_and_keeps_only_its_hash(world, manager):
    made, token = invite(world, manager)
    assert made.token_hash == staffing.token_hash(token)
    assert token not in str(list(StaffInvite.objects.values()))
    message = OutboxMessage.objects.get(template="staff_invite")
    assert message.to == "new.mediator@alpha.test"
    link = "https://resolve.example" + reverse("staff:invite-accept", args=[token])
    assert link in message.body
    assert "mediator" in message.body
    assert AuditEvent.objects.filter(action="staff.invite", object_id=str(made.pk)).exists()


def test_accepting_makes_the_account_with_its_roles_and_uses_the_link_up(world, manager):
    _, token = invite(world, manager, roles=("mediator", "coordinator"))
    user = staffing.invite_accept(
        token=token, password=GOOD_PASSWORD, first_name="Nia", last_name="New"
    )
    assert user.check_password(GOOD_PASSWORD)
    assert actor_build(user).provider_roles_for(world.provider.pk) == {
        Role.MEDIATOR,
        Role.COORDINATOR,
    }
    with pytest.raises(staffing.InviteGone) as gone:
        staffing.invite_accept(token=token, password=GOOD_PASSWORD, first_name="A", last_name="B")
    assert gone.value.reason == "used"


def test_an_invitation_expires_after_seven_days(world, manager):
    _, token = invite(world, manager)
    with time_machine.travel(clock.now() + dt.timedelta(days=staffing.INVITE_DAYS, seconds=1)):
        with pytest.raises(staffing.InviteGone) as gone:
            staffing.invite_find(token)
    assert gone.value.reason == "expired"
    with pytest.raises(staffing.InviteGone) as gone:
        staffing.invite_find("not-a-token")
    assert gone.value.reason == "unknown"


def test_a_weak_password_is_refused_with_djangos_validators(world, manager):
    _, token = invite(world, manager)
    with pytest.raises(ValidationError) as error:
        staffing.invite_accept(token=token, password="short", first_name="A", last_name="B")
    assert error.value.field == "password"
    assert not get_user_model().objects.filter(username="new.mediator@alpha.test").exists()
    # The link still works after a refused attempt.
    assert staffing.invite_find(token).email == "new.mediator@alpha.test"


@pytest.mark.parametrize("persona", ["adviser", "mediator", "coordinator", "finance", "la_officer"])
def test_only_managers_run_the_staff(role_personas, persona):
    world = role_personas
    with pytest.raises(NotFound):
        invite(world, world.users[persona])
    with pytest.raises(NotFound):
        staffing.staff_list(world.users[persona], world.provider)
    with pytest.raises(NotFound):
        staffing.staff_suspend(
            actor=world.users[persona],
            provider=world.provider,
            user_id=world.users["adviser"].pk,
        )


def test_a_manager_of_another_provider_cannot_touch_this_ones_staff(role_personas):
    world = role_personas
    other = get_user_model().objects.create_user("boss@beta.test")
    Membership.objects.create(user=other, role=Role.PROVIDER_MANAGER, provider=world.other_provider)
    with pytest.raises(NotFound):
        staffing.staff_list(other, world.provider)
    with pytest.raises(NotFound):
        staffing.staff_remove(
            actor=other, provider=world.other_provider, user_id=world.users["adviser"].pk
        )


def test_changing_roles_changes_powers_and_is_audited(role_personas, manager):
    world = role_personas
    adviser = world.users["adviser"]
    staffing.staff_roles_change(
        actor=manager, provider=world.provider, user_id=adviser.pk, roles=["coordinator"]
    )
    assert actor_build(adviser).provider_roles_for(world.provider.pk) == {Role.COORDINATOR}
    event = AuditEvent.objects.get(action="staff.roles.change")
    assert event.detail == {"user_id": adviser.pk, "before": ["adviser"], "after": ["coordinator"]}
    member = staffing.staff_member(manager, world.provider, adviser.pk)
    assert member.roles == (Role.COORDINATOR,)


def test_suspending_stops_sign_in_and_ends_sessions_and_reactivating_restores(
    role_personas, manager, client
):
    world = role_personas
    adviser = world.users["adviser"]
    client.force_login(adviser)
    assert client.get(reverse("staff:home")).status_code == 200
    staffing.staff_suspend(actor=manager, provider=world.provider, user_id=adviser.pk)
    adviser.refresh_from_db()
    assert not adviser.is_active
    # The session is gone: the work queue's address shows the sign-in form.
    page = client.get(reverse("staff:home")).content.decode()
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in page
    assert not client.login(username=adviser.username, password="correct-horse-battery-staple")
    assert staffing.staff_member(manager, world.provider, adviser.pk).status == "suspended"
    staffing.staff_reactivate(actor=manager, provider=world.provider, user_id=adviser.pk)
    adviser.refresh_from_db()
    assert adviser.is_active
    assert actor_build(adviser).provider_roles_for(world.provider.pk) == {Role.ADVISER}
    actions = AuditEvent.objects.filter(action__startswith="staff.").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == ["staff.suspend", "staff.reactivate"]
    assert actions[0].detail == {"user_id": adviser.pk, "cases_unassigned": [], "sessions_ended": 1}


def test_removing_unassigns_their_open_cases_for_the_coordinator(role_personas, manager):
    world = role_personas
    mediator = world.users["mediator"]
    case = open_case(world)
    case_services.case_assign(actor=manager, case=case, assignee=mediator)
    assert case not in case_selectors.triage_cases(world.users["coordinator"])
    released = staffing.staff_remove(actor=manager, provider=world.provider, user_id=mediator.pk)
    case.refresh_from_db()
    assert released == [case.pk]
    assert case.assigned_to is None
    assert case in case_selectors.triage_cases(world.users["coordinator"])
    assert case.events.filter(type="assigned", detail__assignee_id=None).exists()
    mediator.refresh_from_db()
    assert not mediator.is_active
    assert staffing.staff_member(manager, world.provider, mediator.pk).status == "removed"
    assert Membership.objects.get(user=mediator).ended_at is not None
    with pytest.raises(ValidationError):
        staffing.staff_reactivate(actor=manager, provider=world.provider, user_id=mediator.pk)


@pytest.mark.parametrize("what", ["demote", "suspend", "remove"])
def test_the_last_manager_cannot_demote_suspend_or_remove_themself(role_personas, manager, what):
    world = role_personas
    # provider_staff also manages the world's provider: leave one manager only.
    Membership.objects.filter(
        user=world.users["provider_staff"], role=Role.PROVIDER_MANAGER
    ).delete()
    with pytest.raises(ValidationError, match="only manager"):
        if what == "demote":
            staffing.staff_roles_change(
                actor=manager, provider=world.provider, user_id=manager.pk, roles=["adviser"]
            )
        elif what == "suspend":
            staffing.staff_suspend(actor=manager, provider=world.provider, user_id=manager.pk)
        else:
            staffing.staff_remove(actor=manager, provider=world.provider, user_id=manager.pk)
    assert actor_build(manager).provider_roles_for(world.provider.pk) == {Role.PROVIDER_MANAGER}
    # With a second manager, they may step down.
    staffing.staff_roles_change(
        actor=manager,
        provider=world.provider,
        user_id=world.users["coordinator"].pk,
        roles=["coordinator", "provider_manager"],
    )
    staffing.staff_roles_change(
        actor=manager, provider=world.provider, user_id=manager.pk, roles=["adviser"]
    )


def test_an_email_with_an_account_is_refused(world, manager):
    with pytest.raises(ValidationError, match="already has an account"):
        invite(world, manager, email="adviser@alpha.test")
    with pytest.raises(ValidationError, match="correct format"):
        invite(world, manager, email="not an email")
    with pytest.raises(ValidationError, match="role"):
        invite(world, manager, roles=())
    assert not StaffInvite.objects.exists()


def test_the_staff_list_shows_roles_two_factor_and_status(role_personas, manager):
    world = role_personas
    from sendresolve.staff.tests.otp import authenticator

    authenticator(world.users["mediator"])
    members = {m.user.username: m for m in staffing.staff_list(manager, world.provider)}
    assert members["mediator.only@alpha.test"].two_factor
    assert not members["finance.only@alpha.test"].two_factor
    assert members["finance.only@alpha.test"].roles == (Role.FINANCE,)
    assert members["adviser@alpha.test"].roles == (Role.ADVISER, Role.PROVIDER_MANAGER)
    assert {m.status for m in members.values()} == {"active"}


def test_the_same_invitation_sent_twice_is_sent_once(world, manager):
    first, token = invite(world, manager)
    again, repeated_token = invite(world, manager)
    assert (again.pk, repeated_token) == (first.pk, None)
    assert OutboxMessage.objects.filter(template="staff_invite").count() == 1
    assert token is not None


def test_suspending_unassigns_their_open_cases_for_the_coordinator(role_personas, manager):
    """Issue 23: a suspended member's cases are flagged for reassignment, as a removed one's."""
    world = role_personas
    mediator = world.users["mediator"]
    case, closed = open_case(world), open_case(world)
    for each in (case, closed):
        case_services.case_assign(actor=manager, case=each, assignee=mediator)
    case_services.case_withdraw(actor=manager, case=closed, on=closed.opened_on)
    released = staffing.staff_suspend(actor=manager, provider=world.provider, user_id=mediator.pk)
    case.refresh_from_db()
    closed.refresh_from_db()
    assert released == [case.pk]
    assert case.assigned_to is None and closed.assigned_to == mediator
    assert case in case_selectors.triage_cases(world.users["coordinator"])
    event = AuditEvent.objects.get(action="staff.suspend")
    assert event.detail["cases_unassigned"] == [case.pk]
    assert staffing.staff_member(manager, world.provider, mediator.pk).status == "suspended"
