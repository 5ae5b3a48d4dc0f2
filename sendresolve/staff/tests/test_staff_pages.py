"""The staff pages for running a provider's staff (issue 23): managers only, forms with GOV.UK
error summaries, and the invitation link's pages."""

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.notifications.models import OutboxMessage
from sendresolve.tenancy import staffing
from sendresolve.tenancy.models import StaffInvite

pytestmark = pytest.mark.django_db


def test_the_manager_lists_and_invites_staff(as_persona, role_personas):
    client = as_persona("manager")
    listed = client.get(reverse("staff:staff-list"))
    assert listed.status_code == 200
    page = listed.content.decode()
    assert "mediator.only@alpha.test" in page and "Finance officer" in page
    form = client.get(reverse("staff:staff-invite"))
    assert form.status_code == 200
    empty = client.post(reverse("staff:staff-invite"), {})
    assert empty.status_code == 400
    assert "Enter their email address" in empty.content.decode()
    assert "Select at least one role" in empty.content.decode()
    sent = client.post(
        reverse("staff:staff-invite"), {"email": "nia@alpha.test", "roles": ["mediator"]}
    )
    assert sent.status_code == 302
    assert OutboxMessage.objects.filter(template="staff_invite", to="nia@alpha.test").count() == 1
    # A double click sends one invitation.
    client.post(reverse("staff:staff-invite"), {"email": "nia@alpha.test", "roles": ["mediator"]})
    assert StaffInvite.objects.count() == 1


def test_the_manager_changes_roles_and_suspends_from_the_persons_page(as_persona, role_personas):
    world = role_personas
    client = as_persona("manager")
    adviser = world.users["adviser"]
    url = reverse("staff:staff-member", args=[adviser.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"roles": ["coordinator"]}).status_code == 302
    member = staffing.staff_member(world.users["manager"], world.provider, adviser.pk)
    assert [role.value for role in member.roles] == ["coordinator"]
    suspend = reverse("staff:staff-status", args=[adviser.pk, "suspend"])
    assert client.post(suspend).status_code == 302
    adviser.refresh_from_db()
    assert not adviser.is_active


def test_the_last_manager_is_told_why_they_cannot_step_down(as_persona, role_personas):
    world = role_personas
    world.users["provider_staff"].memberships.filter(role="provider_manager").delete()
    client = as_persona("manager")
    manager = world.users["manager"]
    response = client.post(reverse("staff:staff-status", args=[manager.pk, "remove"]))
    assert response.status_code == 400
    assert "only manager" in response.content.decode()
    response = client.post(reverse("staff:staff-member", args=[manager.pk]), {"roles": ["adviser"]})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_the_invitation_link_pages(client, role_personas):
    world = role_personas
    _, token = staffing.staff_invite(
        actor=world.users["manager"],
        provider=world.provider,
        email="nia@alpha.test",
        roles=["mediator"],
    )
    url = reverse("staff:invite-accept", args=[token])
    assert "You are joining as mediator" in client.get(url).content.decode()
    bad = client.post(
        url, {"first_name": "Nia", "last_name": "New", "password": "x", "password_again": "y"}
    )
    assert bad.status_code == 400
    done = client.post(
        url,
        {
            "first_name": "Nia",
            "last_name": "New",
            "password": "quiet-lantern-orchard-42",
            "password_again": "quiet-lantern-orchard-42",
        },
    )
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("staff:sign-in-set-up"))
    client.logout()
    used = client.get(url)
    assert used.status_code == 410
    assert "This invitation has been used" in used.content.decode()
    assert client.get(reverse("staff:invite-accept", args=["nope"])).status_code == 404


@pytest.mark.parametrize("user_id", [2**63, 10**40])
def test_a_user_id_no_one_can_have_is_404_on_the_pages(as_persona, role_personas, user_id):
    client = as_persona("manager")
    assert client.get(reverse("staff:staff-member", args=[user_id])).status_code == 404
    for what in ("suspend", "reactivate", "remove"):
        url = reverse("staff:staff-status", args=[user_id, what])
        assert client.post(url).status_code == 404


def test_suspending_from_the_page_says_the_cases_go_back_to_new_and_unassigned(
    as_persona, role_personas
):
    world = role_personas
    case = open_case(world)
    mediator = world.users["mediator"]
    services.case_assign(actor=world.users["manager"], case=case, assignee=mediator)
    client = as_persona("manager")
    response = client.post(
        reverse("staff:staff-status", args=[mediator.pk, "suspend"]), follow=True
    )
    assert "1 open case they held is now in New and unassigned" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None
