"""A provider manager rewrites a message: checked, previewed, versioned, sent, reset."""

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.branding import messages, services
from sendresolve.branding.models import MessageTemplateVersion
from sendresolve.branding.tests.helpers import edit_url, managers
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.errors import ValidationError
from sendresolve.notifications.models import Channel, OutboxMessage
from sendresolve.notifications.services import message_send

pytestmark = pytest.mark.django_db

OUR_TEXT = "Hello ((name)), your case is ((case_reference)). Love from ((provider_name))."


@pytest.fixture
def people(world):
    return managers(world)


def save(client, body, subject="Your case ((case_reference))", template="case_opened", **extra):
    return client.post(
        edit_url(template, extra.pop("channel", "email")),
        {"subject": subject, "body": body, "intent": "save", **extra},
    )


def last_case_opened(case):
    return OutboxMessage.objects.filter(template="case_opened", reference=case.reference).get()


def test_an_edited_message_is_what_the_next_family_is_sent(client, world, people):
    client.force_login(people["manager"])
    response = save(client, OUR_TEXT)
    assert response.status_code == 302
    case = open_case(world, requester_name="Robin Parent")
    message = last_case_opened(case)
    assert message.subject == f"Your case {case.reference}"
    assert (
        message.body
        == f"Hello Robin Parent, your case is {case.reference}. Love from Alpha Mediation."
    )


def test_another_providers_families_still_get_the_default_text(client, world, people):
    client.force_login(people["manager"])
    save(client, OUR_TEXT)
    message = message_send(
        template="case_opened",
        to="family@example.test",
        channel=Channel.EMAIL,
        personalisation={"name": "Kim", "case_reference": "SR-1111-2222"},
        provider=world.other_provider,
    )
    assert message.body.startswith("Dear Kim,\n\nWe have received your request")
    assert "Beta Mediation" in message.body  # filled from the provider's own record


def test_a_text_message_override_changes_only_text_messages(world, people):
    kind = messages.kind_get("case_opened", "sms")
    services.template_save(
        actor=people["manager"],
        provider=world.provider,
        kind=kind,
        subject="",
        body="((provider_name)): case ((case_reference)) is open.",
    )
    values = {"name": "Kim", "case_reference": "SR-1111-2222"}
    sms = message_send(
        template="case_opened",
        to="07700900982",
        channel=Channel.SMS,
        personalisation=values,
        provider=world.provider,
    )
    email = message_send(
        template="case_opened",
        to="kim@example.test",
        channel=Channel.EMAIL,
        personalisation=values,
        provider=world.provider,
    )
    assert sms.body == "Alpha Mediation: case SR-1111-2222 is open."
    assert email.body.startswith("Dear Kim,")


def test_an_unknown_merge_field_is_a_form_error(client, world, people):
    client.force_login(people["manager"])
    response = save(client, "Dear ((name)), about ((child_name)): case ((case_reference)).")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "((child_name)) is not a merge field of this message" in page
    assert 'href="#id_body"' in page
    assert not MessageTemplateVersion.objects.exists()


def test_a_malformed_merge_field_is_named_as_written(client, world, people):
    client.force_login(people["manager"])
    response = save(client, "Dear ((Name)), case ((case_reference)).")
    assert response.status_code == 400
    assert "((Name)) is not a merge field" in response.content.decode()


def test_a_required_merge_field_missing_is_a_form_error(client, world, people):
    client.force_login(people["manager"])
    response = save(
        client, "Your session is on ((session_date)).", template="session_arranged", subject="Hi"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The message must include ((session_time)), ((venue)), ((case_reference))" in page


def test_a_provider_detail_the_provider_has_not_given_is_refused(client, world, people):
    client.force_login(people["manager"])
    response = save(client, "Case ((case_reference)). See ((provider_website)).")
    assert response.status_code == 400
    assert "((provider_website)) would be empty" in response.content.decode()


def test_every_kind_documents_its_fields_and_its_default_passes_its_own_checks(world):
    from sendresolve.branding.selectors import Letterhead

    head = Letterhead(name="A", address=("1 Road",), email="a@example.test", website="https://a")
    for kind in messages.kinds():
        for name in kind.fields:
            assert name in messages.FIELDS, name
        errors = messages.text_errors(
            kind, subject=kind.default_subject, body=kind.default_body, letterhead=head
        )
        assert errors == {}, (kind.id, kind.channel, errors)


def test_versions_are_kept_with_who_and_when_and_an_old_one_can_be_read(client, world, people):
    client.force_login(people["manager"])
    save(client, "First: case ((case_reference)).")
    save(client, "Second: case ((case_reference)).")
    save(client, "Second: case ((case_reference)).")  # sent twice: saved once
    versions = MessageTemplateVersion.objects.filter(provider=world.provider).order_by("number")
    assert [v.body for v in versions] == [
        "First: case ((case_reference)).",
        "Second: case ((case_reference)).",
    ]
    history = client.get(reverse("staff:branding:message-history", args=["case_opened", "email"]))
    page = history.content.decode()
    assert "Version 2" in page and "Version 1" in page and "Morgan" in page
    old = client.get(reverse("staff:branding:message-version", args=["case_opened", "email", 1]))
    assert "First: case ((case_reference))." in old.content.decode()
    assert (
        AuditEvent.objects.filter(action="message_template.edit", provider=world.provider).count()
        == 2
    )


def test_reset_asks_first_then_sends_the_default_text_again(client, world, people):
    client.force_login(people["manager"])
    save(client, OUR_TEXT)
    reset_url = reverse("staff:branding:message-reset", args=["case_opened", "email"])
    confirm = client.get(reset_url)
    assert "Go back to the default text?" in confirm.content.decode()
    assert MessageTemplateVersion.objects.count() == 1  # asking changed nothing
    assert client.post(reset_url).status_code == 302
    assert client.post(reset_url).status_code == 302  # twice: reset once
    versions = list(MessageTemplateVersion.objects.order_by("number"))
    assert [v.is_default for v in versions] == [False, True]
    case = open_case(world)
    assert last_case_opened(case).body.startswith("Dear Alex Example,\n\nWe have received")
    listing = client.get(reverse("staff:branding:message-list")).content.decode()
    assert listing.count("Changed</strong>") == 0
    assert AuditEvent.objects.filter(action="message_template.reset").count() == 1


def test_the_list_tags_changed_messages_with_their_channel(client, world, people):
    client.force_login(people["manager"])
    save(client, "Case ((case_reference)).", channel="letter", subject="Your case")
    page = client.get(reverse("staff:branding:message-list")).content.decode()
    row = page.split('data-kind="case_opened.letter"')[1].split("</tr>")[0]
    assert "Letter" in row and "Changed" in row
    email_row = page.split('data-kind="case_opened.email"')[1].split("</tr>")[0]
    assert "Default" in email_row
    assert 'data-kind="request_saved.email"' not in page  # not the provider's to change


def test_the_preview_shows_a_made_up_case_and_no_real_family(client, world, people):
    open_case(world, child_name="Zebedee Realchild", requester_name="Quentin Realparent")
    client.force_login(people["manager"])
    page = client.get(edit_url()).content.decode()
    preview = page.split("data-preview")[1].split("</div>")[0]
    assert "Jo Sample" in preview and "SR-0000-0000" in preview
    assert "Alpha Mediation" in preview
    for real in ("Zebedee", "Realchild", "Quentin", "Realparent", "alex@example.test"):
        assert real not in page
    # The preview of typed text, before saving it.
    response = client.post(
        edit_url(),
        {"subject": "S", "body": "Hi ((name)) ((case_reference))", "intent": "preview"},
        follow=True,
    )
    page = response.content.decode()
    assert "Hi Jo Sample SR-0000-0000" in page and "This text is not saved yet." in page
    assert "Hi ((name)) ((case_reference))</textarea>" in page  # kept in the form
    assert "not saved yet" not in client.get(edit_url()).content.decode()  # shown once
    assert not MessageTemplateVersion.objects.exists()


def test_another_providers_manager_sees_and_changes_only_their_own(client, world, people):
    client.force_login(people["manager"])
    save(client, OUR_TEXT)
    client.force_login(people["other_manager"])
    page = client.get(edit_url()).content.decode()
    assert "Love from" not in page and "Beta Mediation" in page
    assert client.get(edit_url() + "?provider=alpha-mediation").status_code == 404
    version = reverse("staff:branding:message-version", args=["case_opened", "email", 1])
    assert client.get(version).status_code == 404
    response = client.post(
        edit_url(),
        {
            "provider": "alpha-mediation",
            "subject": "x",
            "body": "((case_reference))",
            "intent": "save",
        },
    )
    assert response.status_code == 404
    assert MessageTemplateVersion.objects.filter(provider=world.provider).count() == 1


PAGES = [
    reverse("staff:branding:message-list"),
    edit_url(),
    reverse("staff:branding:message-history", args=["case_opened", "email"]),
    reverse("staff:branding:message-reset", args=["case_opened", "email"]),
    reverse("staff:branding:branding"),
]


@pytest.mark.parametrize(
    "who",
    ["adviser", "colleague", "finance", "la_officer", "icb_officer", "administrator"],
)
def test_everyone_but_a_manager_gets_404(client, world, role_personas, people, who):
    user = people[who] if who in people else world.users[who]
    client.force_login(user)
    for url in PAGES:
        assert client.get(url).status_code == 404, url
    assert save(client, OUR_TEXT).status_code == 404
    assert not MessageTemplateVersion.objects.exists()
    home = client.get(reverse("staff:organisations")).content.decode()
    assert "Messages and branding" not in home


def test_a_manager_sees_every_page_and_the_navigation_link(client, world, people):
    client.force_login(people["manager"])
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert "Messages and branding" in client.get(reverse("staff:organisations")).content.decode()


def test_unknown_kinds_and_channels_are_404(client, world, people):
    client.force_login(people["manager"])
    for template, channel in [
        ("nope", "email"),
        ("request_saved", "email"),
        ("case_opened", "fax"),
    ]:
        assert client.get(edit_url(template, channel)).status_code == 404
    assert client.get(edit_url("session_cancelled_party", "sms")).status_code == 404


def test_the_service_refuses_what_the_page_refuses(world, people):
    with pytest.raises(ValidationError):
        services.template_save(
            actor=people["manager"],
            provider=world.provider,
            kind=messages.kind_get("case_opened", "email"),
            subject="x",
            body="((child_name))",
        )


PASS_THROUGH_EMAIL = "0a4b3c2d-1e0f-4a1b-8c9d-000000000023"
PASS_THROUGH_SMS = "0a4b3c2d-1e0f-4a1b-8c9d-000000000024"


def test_notify_sends_the_providers_own_words_through_its_pass_through_template(
    world, people, settings
):
    from unittest import mock

    from sendresolve.notifications.services import message_deliver

    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = "key"
    settings.NOTIFY_TEMPLATE_IDS = {
        "case_opened": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "provider_text": PASS_THROUGH_EMAIL,
        "provider_text.sms": PASS_THROUGH_SMS,
    }
    services.template_save(
        actor=people["manager"],
        provider=world.provider,
        kind=messages.kind_get("case_opened", "email"),
        subject="Case ((case_reference))",
        body=OUR_TEXT,
    )
    values = {"name": "Kim", "case_reference": "SR-1111-2222"}
    ours = message_send(
        template="case_opened",
        to="kim@example.test",
        channel=Channel.EMAIL,
        personalisation=values,
        provider=world.provider,
        by_worker=True,
    )
    theirs = message_send(
        template="case_opened",
        to="kim@example.test",
        channel=Channel.EMAIL,
        personalisation=values,
        provider=world.other_provider,
        by_worker=True,
    )
    assert (ours.provider_text, theirs.provider_text) == (True, False)
    with mock.patch("sendresolve.notifications.backends.NotificationsAPIClient") as client_class:
        client = client_class.return_value
        client.send_email_notification.return_value = {"id": "1"}
        message_deliver(message_id=ours.pk)
        message_deliver(message_id=theirs.pk)
    first, second = client.send_email_notification.call_args_list
    assert first.kwargs["template_id"] == PASS_THROUGH_EMAIL
    assert first.kwargs["personalisation"] == {
        "subject": "Case SR-1111-2222",
        "body": "Hello Kim, your case is SR-1111-2222. Love from Alpha Mediation.",
    }
    assert second.kwargs["template_id"] == "f33517ff-2a88-4f6e-b855-c550268ce08a"
    assert second.kwargs["personalisation"]["name"] == "Kim"
