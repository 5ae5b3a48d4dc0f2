"""Change my contact details, from the family's status page (issue 20): a family action through
the recorder, audited, the case's owner told, the old address warned, done once however often
it is sent."""

import datetime as dt

import pytest
from django.core.cache import cache

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import ActionReceipt, CaseEvent
from sendresolve.cases.permissions import actions_offered, can_act
from sendresolve.cases.recorder import action_perform
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import links, ratelimit
from sendresolve.tenancy.actors import FamilyActor

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 3, 11, 10, tzinfo=LONDON)
KEY = "k" * 32


@pytest.fixture(autouse=True)
def pinned(time_machine):
    cache.clear()
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def case(world):
    adviser = world.users["provider_staff"]
    adviser.email = "adviser@alpha.test"
    adviser.save()
    case = open_case(world, email="old@example.test", phone="07700 900982")
    services.case_assign(actor=adviser, case=case, assignee=adviser)
    return case


def change_url(token: str) -> str:
    return f"/your-case/{token}/contact-details/"


def new_details(**extra) -> dict[str, str]:
    return {
        "email": "new@example.test",
        "phone": "07700 900123",
        "preferred_channel": "email",
        "submission_key": KEY,
        **extra,
    }


def test_the_status_page_links_to_the_form_which_shows_the_details_we_have(client, case):
    token = links.token_for(case)
    status = client.get(f"/your-case/{token}/").content.decode()
    assert f'href="{change_url(token)}"' in status
    response = client.get(change_url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="old@example.test"' in html
    assert 'value="07700 900982"' in html
    assert f'href="/your-case/{token}/"' in html  # the way back
    assert AuditEvent.objects.filter(action="family.contact_details.read").count() == 1


def test_a_change_is_recorded_audited_and_the_adviser_and_old_address_told(
    client, case, django_capture_on_commit_callbacks
):
    token = links.token_for(case)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(token), new_details())
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.email, case.phone) == ("new@example.test", "07700 900123")
    event = CaseEvent.objects.get(case=case, type="details_corrected")
    assert event.actor is None
    assert event.detail["what"] == "family_contact_change"
    assert set(event.detail["changes"]) == {"email", "phone"}
    assert event.detail["changes"]["email"]["before"] == "old@example.test"
    audit = AuditEvent.objects.get(action="case.family_contact_change")
    assert audit.object_id == str(case.pk)
    assert audit.detail["fields"] == ["email", "phone"]
    assert audit.detail["by"] == "family"
    # The audit trail keeps no personal data.
    assert "example.test" not in str(audit.detail)
    told = OutboxMessage.objects.get(template="family_contact_changed")
    assert told.to == "adviser@alpha.test"
    assert case.reference in told.body
    assert "new@example.test" not in told.body
    warned = OutboxMessage.objects.get(template="contact_details_changed")
    assert warned.to == "old@example.test"
    # The old link is stale now: a new one goes to the new address, and the page answers
    # with a working one.
    assert OutboxMessage.objects.get(template="status_link").to == "new@example.test"
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Contact details changed" in done.content.decode()
    assert client.get(f"/your-case/{token}/").status_code == 404
    # The staff case page's timeline shows it.
    adviser = case.assigned_to
    client.force_login(adviser)
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Changed by the family on their status page." in page


def test_with_no_adviser_the_provider_is_told(world, client):
    case = open_case(world, email="old@example.test")
    client.post(change_url(links.token_for(case)), new_details())
    assert OutboxMessage.objects.get(template="family_contact_changed").to == world.provider.email


def test_a_double_submission_changes_once(client, case):
    token = links.token_for(case)
    first = client.post(change_url(token), new_details())
    # The same form sent again, with the link the first made stale.
    second = client.post(change_url(token), new_details())
    assert first.status_code == second.status_code == 302
    assert client.get(second["Location"]).status_code == 200
    assert CaseEvent.objects.filter(case=case, type="details_corrected").count() == 1
    assert OutboxMessage.objects.filter(template="family_contact_changed").count() == 1
    assert OutboxMessage.objects.filter(template="status_link").count() == 1
    assert ActionReceipt.objects.filter(user=None, case=case).count() == 1


def test_a_double_submission_with_a_link_that_still_works_changes_once(client, case):
    # Only the way of contact changes, so the link stays good.
    token = links.token_for(case)
    data = new_details(email="old@example.test", phone="07700 900982", preferred_channel="sms")
    for _ in range(2):
        response = client.post(change_url(token), data)
        assert response.status_code == 302
        assert response["Location"] == f"/your-case/{token}/contact-details/changed/"
    case.refresh_from_db()
    assert case.preferred_channel == "sms"
    assert CaseEvent.objects.filter(case=case, type="details_corrected").count() == 1
    assert not OutboxMessage.objects.filter(template="status_link").exists()


def test_a_stale_link_with_a_key_never_used_opens_nothing(client, case):
    token = links.token_for(case)
    client.post(change_url(token), new_details())
    response = client.post(change_url(token), new_details(submission_key="z" * 32))
    assert response.status_code == 404
    assert CaseEvent.objects.filter(case=case, type="details_corrected").count() == 1


def test_errors_are_shown_and_nothing_changes(client, case):
    token = links.token_for(case)
    response = client.post(change_url(token), new_details(email="not an email"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter an email address in the correct format" in html
    same = new_details(email="old@example.test", phone="07700 900982")
    response = client.post(change_url(token), same)
    assert response.status_code == 400
    assert "These are the details we already have" in response.content.decode()
    case.refresh_from_db()
    assert case.email == "old@example.test"
    assert not CaseEvent.objects.filter(case=case, type="details_corrected").exists()


def test_a_form_without_its_key_is_refused_without_a_500(client, case):
    data = new_details()
    del data["submission_key"]
    assert client.post(change_url(links.token_for(case)), data).status_code == 400


def test_only_the_family_on_their_own_case_may_change_them(world, case):
    family = FamilyActor(user=None, user_id=None, case_id=case.pk)
    other = open_case(world)
    assert can_act(family, case, "family_contact_change")
    assert not can_act(family, other, "family_contact_change")
    assert not can_act(family, case, "case_correct")
    for persona in ("provider_staff", "administrator"):
        user = world.users[persona]
        assert not can_act(user, case, "family_contact_change")
        assert "family_contact_change" not in actions_offered(user, case).names()
    with pytest.raises(NotFound):
        action_perform(
            "family_contact_change",
            actor=FamilyActor(user=None, user_id=None, case_id=other.pk),
            case=case,
            email="x@example.test",
            phone="",
            preferred_channel="email",
        )


def test_changes_are_limited_each_day(client, case):
    token = links.token_for(case)
    for number in range(ratelimit.CHANGES_PER_DAY):
        channel = "sms" if number % 2 == 0 else "email"
        data = new_details(
            email="old@example.test",
            phone="07700 900982",
            preferred_channel=channel,
            submission_key=f"key-{number}".ljust(20, "x"),
        )
        assert client.post(change_url(token), data).status_code == 302
    data = new_details(submission_key="last".ljust(20, "x"))
    assert client.post(change_url(token), data).status_code == 429


def test_the_expired_page_asks_for_a_new_link_right_there(client, case, time_machine):
    token = links.token_for(case)
    time_machine.move_to(NOW + dt.timedelta(days=links.link_days(), minutes=1), tick=False)
    response = client.get(f"/your-case/{token}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert '<form method="post" action="/your-case/new-link/"' in html
    assert 'name="reference"' in html and 'name="contact"' in html
    assert case.reference not in html


def test_with_no_old_email_the_old_mobile_is_warned_by_text(world, client):
    case = open_case(world, email="", phone="07700 900982", preferred_channel="sms")
    data = new_details(email="", phone="07700 900123", preferred_channel="sms")
    assert client.post(change_url(links.token_for(case)), data).status_code == 302
    warned = OutboxMessage.objects.get(template="contact_details_changed")
    assert (warned.channel, warned.to.replace(" ", "")) == ("sms", "07700900982")


def test_a_stale_link_stays_dead_once_staff_correct_the_details_again(world, client, case):
    token = links.token_for(case)
    client.post(change_url(token), new_details())
    case.refresh_from_db()
    services.case_correct(
        actor=world.users["provider_staff"], case=case, changes={"email": "right@example.test"}
    )
    response = client.post(change_url(token), new_details())
    assert response.status_code == 404
    assert b"right@example.test" not in response.content


def test_a_stale_link_repeat_is_answered_only_soon_after(client, case, time_machine):
    token = links.token_for(case)
    client.post(change_url(token), new_details())
    time_machine.move_to(NOW + dt.timedelta(minutes=11), tick=False)
    assert client.post(change_url(token), new_details()).status_code == 404
