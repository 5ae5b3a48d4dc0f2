import pytest

from sendresolve.notifications.models import Channel
from sendresolve.notifications.templates import TEMPLATES, placeholders_in, template_get

REQUIRED = {
    "case_opened": {"case_reference"},
    "mediation_advice_given": {"case_reference", "advice_date"},
    "certificate_issued": {"certificate_number", "appeal_deadline", "case_reference"},
    "certificate_corrected": {
        "certificate_number",
        "replaced_number",
        "appeal_deadline",
        "case_reference",
    },
    "session_arranged": {"session_date", "session_time", "venue"},
    "session_cancelled": {"session_date", "session_time"},
    "session_cancelled_party": {"case_reference", "session_date", "session_time"},
    "session_rearranged": {"session_date", "session_time", "venue", "old_session_date"},
    "session_rearranged_party": {"case_reference", "session_date", "venue", "old_session_date"},
    "la_informed_mediation_requested": {"case_reference", "local_authority_name"},
    "agreed_action_due": {"action", "due_date"},
    "deadline_due_soon": {"case_reference", "deadline_title", "due_date", "who_must_act"},
    "deadline_overdue": {"case_reference", "deadline_title", "due_date", "who_must_act"},
    "appeal_deadline_due_soon": {"case_reference", "appeal_deadline"},
    "health_care_in_issue_notice": {"case_reference", "health_bodies", "notice_deadline"},
    "la_cannot_arrange_recorded": {"case_reference", "certificate_deadline"},
    # Issue 20: the certificate's PDF through the family's link; a change of contact details.
    "family_contact_changed": {"case_reference"},
    "contact_details_changed": {"case_reference", "provider_phone"},
}
# Messages to staff go by email only; every other message is to a family or party.
STAFF_TEMPLATES = {
    "la_informed_mediation_requested",
    "health_care_in_issue_notice",
    "la_cannot_arrange_recorded",
    "deadline_due_soon",
    "deadline_overdue",
    "family_contact_changed",  # the family changed their contact details (issue 20)
}
# ... and so do messages to the other people invited to a meeting (officers, schools).
STAFF_TEMPLATES |= {"session_cancelled_party", "session_rearranged_party"}
# The volume alert goes to the provider's managers (contracts and invoices, issue 23).
STAFF_TEMPLATES |= {"billing_volume_alert"}
# A saved request's link goes only to the email address typed to get it.
EMAIL_ONLY = {"request_saved"}
# Documents (issue 21): the mediator's note is for staff; the family's email or text links the
# case page, and the letter that encloses the document is only ever posted.
STAFF_TEMPLATES |= {"document_sent_mediator"}
DOCUMENT_TEMPLATES = {"document_ready", "document_posted"}
# Meeting reminders (issue 22) go by email or text: a letter would come too late.
MEETING_REMINDERS = {"meeting_reminder", "meeting_reminder_party"}
# The satisfaction survey (issue 23): the LA officer's by email; the family's, a link to
# answer online, by email or text (as the meeting reminders go).
STAFF_TEMPLATES |= {"survey_local_authority"}
MEETING_REMINDERS |= {"survey_family"}
# A staff invitation (issue 23) goes to the invited person's email address.
STAFF_TEMPLATES |= {"staff_invite"}


@pytest.mark.parametrize(("template_id", "needed"), sorted(REQUIRED.items()))
def test_each_issue_template_exists_with_the_facts_it_must_carry(template_id, needed):
    template = template_get(template_id)
    assert template is not None
    assert needed <= set(template.placeholders(Channel.EMAIL))


def test_unknown_template_is_none():
    assert template_get("no_such_template") is None


def test_placeholders_are_listed_once_in_order_of_first_use():
    assert placeholders_in("((b)) and ((a))", "((b)) then ((c)) but not (single)") == (
        "b",
        "a",
        "c",
    )


def test_render_fills_every_placeholder_in_subject_and_body():
    template = TEMPLATES["session_arranged"]
    values = {name: f"<{name}>" for name in template.placeholders(Channel.EMAIL)}
    subject, body = template.render(Channel.EMAIL, values)
    assert subject == "Your mediation session on <session_date>"
    assert "Date: <session_date>\nTime: <session_time>\nWhere: <venue>" in body
    assert "((" not in subject + body


def test_text_messages_use_the_short_body_and_have_no_subject():
    template = TEMPLATES["session_arranged"]
    values = {name: "x" for name in template.placeholders(Channel.SMS)}
    subject, body = template.render(Channel.SMS, values)
    assert subject == ""
    assert body == "Your mediation session is on x at x, x. Case x."
    assert set(template.placeholders(Channel.SMS)) < set(template.placeholders(Channel.EMAIL))


@pytest.mark.parametrize(
    "template_id",
    sorted(set(TEMPLATES) - STAFF_TEMPLATES - EMAIL_ONLY - DOCUMENT_TEMPLATES - MEETING_REMINDERS),
)
def test_every_message_to_a_family_can_go_by_email_text_or_letter(template_id):
    assert TEMPLATES[template_id].channels == {Channel.EMAIL, Channel.SMS, Channel.LETTER}


@pytest.mark.parametrize("template_id", sorted(STAFF_TEMPLATES | EMAIL_ONLY))
def test_messages_to_staff_go_by_email_only(template_id):
    assert TEMPLATES[template_id].channels == {Channel.EMAIL}


@pytest.mark.parametrize("template_id", ["deadline_due_soon", "deadline_overdue"])
def test_deadline_reminders_carry_no_child_or_mediation_details(template_id):
    needed = set(TEMPLATES[template_id].placeholders(Channel.EMAIL))
    assert needed == {"case_reference", "deadline_title", "who_must_act", "due_date", "case_link"}


def test_the_certificate_text_carries_its_number_and_appeal_deadline():
    template = TEMPLATES["certificate_issued"]
    assert {"certificate_number", "appeal_deadline"} <= set(template.placeholders(Channel.SMS))


@pytest.mark.parametrize("template_id", ["certificate_issued", "certificate_corrected"])
def test_the_certificate_email_links_its_pdf_and_the_tribunals_appeal_form(template_id):
    from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM, TRIBUNAL_GUIDANCE

    template = TEMPLATES[template_id]
    assert {"certificate_link", "new_link"} <= set(template.placeholders(Channel.EMAIL))
    assert TRIBUNAL_APPEAL_FORM in template.body
    assert TRIBUNAL_GUIDANCE in template.body


def test_notify_keys_are_the_template_id_for_email_and_id_dot_sms_for_text():
    template = TEMPLATES["case_opened"]
    assert template.notify_key(Channel.EMAIL) == "case_opened"
    assert template.notify_key(Channel.SMS) == "case_opened.sms"


@pytest.mark.parametrize("template_id", sorted(t.id for t in TEMPLATES.values() if t.sms_body))
def test_text_message_versions_fit_in_two_texts_with_long_values(template_id):
    template = TEMPLATES[template_id]
    values = {name: "x" * 25 for name in template.placeholders(Channel.SMS)}
    assert len(template.render(Channel.SMS, values)[1]) <= 306


def test_a_document_goes_by_email_or_text_with_its_link_or_by_post_enclosed():
    ready = TEMPLATES["document_ready"]
    assert ready.channels == {Channel.EMAIL, Channel.SMS}
    assert "status_link" in ready.placeholders(Channel.SMS)
    assert "status_link" in ready.placeholders(Channel.EMAIL)
    assert TEMPLATES["document_posted"].channels == {Channel.LETTER}


def test_meeting_reminders_go_by_email_or_text_message():
    for template_id in MEETING_REMINDERS:
        assert TEMPLATES[template_id].channels == {Channel.EMAIL, Channel.SMS}
