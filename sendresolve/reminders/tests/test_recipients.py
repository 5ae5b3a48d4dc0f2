import pytest

from sendresolve.cases import services as case_services
from sendresolve.cases.models import Case
from sendresolve.cases.tests.factories import open_case
from sendresolve.notifications.models import Channel
from sendresolve.reminders.services import Recipient, reminder_recipients
from sendresolve.reminders.tests.conftest import TODAY
from sendresolve.reminders.tests.factories import add_deadline
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import (
    CommissioningBodyFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def emails(*addresses):
    return [Recipient(Channel.EMAIL, address) for address in addresses]


def recipients_for(case, responsible):
    deadline = add_deadline(case, responsible=responsible, due_on=TODAY)
    # As the job reads it: a fresh row with its case.
    deadline = type(deadline).objects.select_related("case").get(pk=deadline.pk)
    return reminder_recipients(deadline)


@pytest.fixture
def case(world):
    return open_case(world)


def test_the_provider_is_reached_through_the_member_of_staff_assigned_to_the_case(world, case):
    colleague = world.users["colleague"]
    case_services.case_assign(actor=world.users["provider_staff"], case=case, assignee=colleague)
    assert recipients_for(case, "provider") == emails("mediator@alpha.test")


def test_an_unassigned_case_reaches_the_provider_address(world, case):
    assert recipients_for(case, "provider") == emails(world.provider.email)


def test_an_assignee_who_left_is_passed_over_for_the_provider_address(world, case):
    colleague = world.users["colleague"]
    case_services.case_assign(actor=world.users["provider_staff"], case=case, assignee=colleague)
    colleague.is_active = False
    colleague.save()
    assert recipients_for(case, "provider") == emails(world.provider.email)


def test_a_provider_with_no_address_and_no_assignee_has_no_recipient(world, case):
    world.provider.email = ""
    world.provider.save()
    assert recipients_for(case, "provider") == []


def test_the_local_authority_is_reached_through_its_active_send_officers(world, case):
    la = world.local_authority
    MembershipFactory(
        user=UserFactory(username="second@barnet.test"), role=Role.LA_OFFICER, local_authority=la
    )
    MembershipFactory(
        user=UserFactory(username="left@barnet.test"),
        role=Role.LA_OFFICER,
        local_authority=la,
        is_active=False,
    )
    gone = UserFactory(username="gone@barnet.test", is_active=False)
    MembershipFactory(user=gone, role=Role.LA_OFFICER, local_authority=la)
    la.send_team_email = "send@barnet.test"
    la.save()
    # Not the other LA's officer, nor the provider's or the ICB's staff.
    assert recipients_for(case, "local_authority") == emails(
        "officer@barnet.test", "second@barnet.test"
    )


def test_a_local_authority_with_no_officers_is_reached_at_its_send_team_address(world, case):
    world.users["la_officer"].memberships.update(is_active=False)
    la = world.local_authority
    assert recipients_for(case, "local_authority") == []
    la.send_team_email = "send@barnet.test"
    la.save()
    assert recipients_for(case, "local_authority") == emails("send@barnet.test")


def test_the_case_health_body_is_reached_through_its_health_commissioners(world):
    case = open_case(world, commissioning_body=world.commissioning_body)
    assert recipients_for(case, "commissioning_body") == emails("commissioner@ncl.test")


def test_a_health_body_with_no_commissioners_is_reached_at_its_address(world):
    body = world.commissioning_body
    case = open_case(world, commissioning_body=body)
    world.users["icb_officer"].memberships.update(is_active=False)
    assert recipients_for(case, "commissioning_body") == []
    body.email = "ncl.send@nhs.test"
    body.save()
    assert recipients_for(case, "commissioning_body") == emails("ncl.send@nhs.test")


def test_a_deadline_naming_a_health_body_reaches_that_body_not_the_cases(world):
    case = open_case(world, commissioning_body=world.commissioning_body)
    other = CommissioningBodyFactory(ods_code="QRV", name="NHS North West London ICB")
    MembershipFactory(
        user=UserFactory(username="commissioner@nwl.test"),
        role=Role.HEALTH_COMMISSIONER,
        commissioning_body=other,
    )
    deadline = add_deadline(case, responsible="commissioning_body", due_on=TODAY)
    deadline.responsible_body = other
    deadline.save()
    deadline = type(deadline).objects.select_related("case").get(pk=deadline.pk)
    assert reminder_recipients(deadline) == emails("commissioner@nwl.test")


def test_a_case_with_no_health_body_has_no_health_recipient(world, case):
    assert case.commissioning_body is None
    assert recipients_for(case, "commissioning_body") == []


def test_the_family_is_reached_by_their_preferred_channel(world):
    by_text = open_case(world, preferred_channel="sms", phone="07700 900982")
    by_email = open_case(world, preferred_channel="email", phone="07700 900982")
    assert recipients_for(by_text, "family") == [Recipient(Channel.SMS, "07700 900982")]
    assert recipients_for(by_email, "family") == emails("alex@example.test")
    # Text preferred, but the number has since been removed: email instead.
    Case.objects.filter(pk=by_text.pk).update(phone="")
    by_text.refresh_from_db()
    assert recipients_for(by_text, "family") == emails("alex@example.test")
    # No contact left at all (the case page shows staff that).
    Case.objects.filter(pk=by_text.pk).update(email="")
    by_text.refresh_from_db()
    assert recipients_for(by_text, "family") == []


@pytest.mark.parametrize("responsible", ["school", "other"])
def test_schools_and_others_are_not_reminded(case, responsible):
    assert recipients_for(case, responsible) == []


def test_the_same_address_twice_is_one_recipient(world, case):
    MembershipFactory(
        user=UserFactory(username="officer2@barnet.test", email="OFFICER@barnet.test"),
        role=Role.LA_OFFICER,
        local_authority=world.local_authority,
    )
    [recipient] = recipients_for(case, "local_authority")
    assert recipient.to.lower() == "officer@barnet.test"
