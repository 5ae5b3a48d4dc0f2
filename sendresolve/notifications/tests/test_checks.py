import pytest

from sendresolve.notifications.checks import check_notifications_settings

ALL_KEYS = [
    "agreed_action_due",
    "agreed_action_due.sms",
    "appeal_deadline_due_soon",
    "appeal_deadline_due_soon.sms",
    "billing_volume_alert",  # contracts and invoices (issue 23): to the provider's managers
    "case_opened",
    "case_opened.sms",
    "certificate_corrected",
    "certificate_corrected.sms",
    "certificate_issued",
    "certificate_issued.sms",
    "contact_details_changed",
    "contact_details_changed.sms",
    "deadline_due_soon",
    "document_ready",
    "document_ready.sms",
    "document_sent_mediator",
    "deadline_overdue",
    "family_contact_changed",
    "health_care_in_issue_notice",
    "la_cannot_arrange_recorded",
    "la_informed_mediation_requested",
    "mediation_advice_given",
    "meeting_reminder",
    "meeting_reminder.sms",
    "meeting_reminder_party",
    "meeting_reminder_party.sms",
    "mediation_advice_given.sms",
    "request_saved",
    "session_arranged",
    "session_arranged.sms",
    "session_cancelled",
    "session_cancelled.sms",
    "session_cancelled_party",
    "session_rearranged",
    "session_rearranged.sms",
    "session_rearranged_party",
    "status_link",
    "status_link.sms",
    "staff_invite",  # staff invitations (issue 23)
    "survey_family",  # the satisfaction survey (issue 23)
    "survey_family.sms",
    "survey_local_authority",
]
A_UUID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@pytest.fixture
def notify(settings):
    settings.NOTIFICATIONS_BACKEND = "notify"
    settings.NOTIFY_API_KEY = "key"
    settings.NOTIFY_TEMPLATE_IDS = dict.fromkeys(ALL_KEYS, A_UUID)
    return settings


def ids(errors):
    return [error.id for error in errors]


def test_outbox_backend_needs_nothing_else(settings):
    settings.NOTIFICATIONS_BACKEND = "outbox"
    settings.NOTIFY_API_KEY = ""
    assert check_notifications_settings() == []


def test_unknown_backend_is_an_error(settings):
    settings.NOTIFICATIONS_BACKEND = "pigeon"
    assert ids(check_notifications_settings()) == ["notifications.E001"]


def test_notify_with_key_and_every_template_id_passes(notify):
    assert check_notifications_settings() == []


def test_notify_without_a_key_is_an_error(notify):
    notify.NOTIFY_API_KEY = ""
    assert ids(check_notifications_settings()) == ["notifications.E002"]


def test_notify_template_ids_must_be_an_object(notify):
    notify.NOTIFY_TEMPLATE_IDS = ["case_opened"]
    assert ids(check_notifications_settings()) == ["notifications.E003"]


def test_notify_names_every_missing_template_id(notify):
    del notify.NOTIFY_TEMPLATE_IDS["case_opened.sms"]
    del notify.NOTIFY_TEMPLATE_IDS["certificate_issued"]
    [error] = check_notifications_settings()
    assert error.id == "notifications.E004"
    assert error.msg.endswith("for: case_opened.sms, certificate_issued.")


def test_notify_template_ids_must_be_uuids(notify):
    notify.NOTIFY_TEMPLATE_IDS["session_arranged"] = "session-arranged"
    [error] = check_notifications_settings()
    assert error.id == "notifications.E005"
    assert error.msg.endswith(": session_arranged.")
