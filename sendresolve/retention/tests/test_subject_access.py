"""Subject access exports: what they hold, what they leave out, who may have them."""

import datetime as dt
import json
import stat

import pytest
from django.core.management import CommandError, call_command

from sendresolve.audit.models import AuditEvent
from sendresolve.audit.services import audit_record
from sendresolve.core.errors import NotFound
from sendresolve.feedback.services import format_request_record
from sendresolve.quality.models import ProviderComplaint
from sendresolve.retention.subject_access import subject_access_export, subject_access_json
from sendresolve.retention.tests.factories import _at, mediated_case
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    user = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.provider)
    return user


@pytest.fixture
def other_manager(world):
    user = UserFactory(username="manager@beta.test")
    MembershipFactory(user=user, role=Role.PROVIDER_MANAGER, provider=world.other_provider)
    return user


@pytest.fixture
def family(world, time_machine):
    """Two cases for the same family (same email), and one for another family."""
    first = mediated_case(world, time_machine, opened_on=dt.date(2024, 1, 8))
    second = mediated_case(
        world,
        time_machine,
        opened_on=dt.date(2024, 6, 3),
        child_name="Robin Example",
        email="ALEX@example.test",
    )
    other = mediated_case(
        world,
        time_machine,
        opened_on=dt.date(2024, 6, 10),
        child_name="Jo Other",
        requester_name="Pat Other",
        email="pat@example.test",
    )
    audit_record(
        actor=None,
        action="family.status.read",
        target=first,
        local_authority=first.local_authority,
        provider=first.provider,
    )
    format_request_record(
        kind="large_print",
        name="Alex Example",
        email="alex@example.test",
        local_authority=world.local_authority,
        provider=world.provider,
    )
    # Sent from a page with no case or council: administrators only, like the feedback pages.
    format_request_record(kind="braille", name="Alex Example", email="alex@example.test")
    _at(time_machine, dt.date(2024, 7, 1))
    return first, second, other


def test_the_export_holds_the_familys_data(manager, family):
    first, _, _ = family
    document = subject_access_export(actor=manager, reference=first.reference)
    (case,) = document["cases"]
    assert case["reference"] == first.reference
    assert case["child"] == {"name": "Sam Example", "date_of_birth": dt.date(2014, 5, 1)}
    assert case["requester"]["email"] == "alex@example.test"
    assert case["requester"]["address"].startswith("1 Example Street")
    assert [i["outcome"] for i in case["issues"]] == ["Partly agreed"]
    assert case["parties"][0]["name"] == "Alex Example"
    assert any(e["what"] == "Certificate issued" for e in case["events"])
    assert case["deadlines"] and case["meetings"][0]["how"] == "Online (video)"
    assert "speech and language therapy" in case["agreement"]["text"]
    assert case["agreement"]["actions"][0]["description"] == "Amend section F"
    assert case["certificates"][0]["number"].startswith("MC-2024-")
    assert "pdf" not in case["certificates"][0]
    templates = {m["template"] for m in case["messages_sent_to_the_family"]}
    assert "case_opened" in templates and "certificate_issued" in templates
    assert all(m["to"] for m in case["messages_sent_to_the_family"])
    assert [u["what"] for u in case["status_link_use"]] == ["family.status.read"]
    assert [r["format"] for r in document["requests_for_another_format"]] == ["Large print"]
    assert "anonymous" in " ".join(document["notes"]).lower()
    # It is valid JSON text.
    assert json.loads(subject_access_json(document))["cases"][0]["reference"] == first.reference


def test_complaints_about_the_provider_linked_to_the_case_are_in_the_export(manager, family):
    first, _, _ = family
    ProviderComplaint.objects.create(
        provider=first.provider,
        complainant="family",
        received_on=first.opened_on,
        summary="The session started late.",
        case=first,
        response_due_on=first.opened_on + dt.timedelta(days=20),
        response_sent_on=first.opened_on + dt.timedelta(days=10),
        outcome="upheld",
    )
    ProviderComplaint.objects.create(  # about no case: not this family's
        provider=first.provider,
        complainant="other",
        received_on=first.opened_on,
        summary="Not about this family.",
        response_due_on=first.opened_on + dt.timedelta(days=20),
    )
    (case,) = subject_access_export(actor=manager, reference=first.reference)["cases"]
    assert case["complaints_about_the_provider"] == [
        {
            "from": "A family",
            "received_on": first.opened_on,
            "summary": "The session started late.",
            "response_due_on": first.opened_on + dt.timedelta(days=20),
            "response_sent_on": first.opened_on + dt.timedelta(days=10),
            "outcome": "Upheld",
        }
    ]


def test_confidential_notes_are_left_out_unless_asked_for(manager, family):
    first, _, _ = family
    document = subject_access_export(actor=manager, reference=first.reference)
    text = subject_access_json(document)
    assert "SECRET-NOTE" not in text
    assert "confidential_mediation_notes" not in document
    with_notes = subject_access_export(
        actor=manager, reference=first.reference, include_confidential=True
    )
    section = with_notes["confidential_mediation_notes"]
    assert section["warning"].startswith("CONFIDENTIAL MEDIATION NOTES")
    assert section["notes"][0]["text"].startswith("SECRET-NOTE")
    assert "SECRET-NOTE" not in json.dumps(with_notes["cases"], default=str)


def test_family_export_gathers_every_case_with_the_same_email(manager, family):
    first, second, other = family
    document = subject_access_export(actor=manager, reference=second.reference, family=True)
    assert [c["reference"] for c in document["cases"]] == [first.reference, second.reference]
    assert other.reference not in subject_access_json(document)
    assert document["about"]["email_addresses"] == ["alex@example.test"]


@pytest.mark.parametrize("persona", ["colleague", "other_provider", "la_officer", "icb_officer"])
def test_only_managers_and_administrators_may_export(world, family, persona):
    first, _, _ = family
    with pytest.raises(NotFound):
        subject_access_export(actor=world.users[persona], reference=first.reference)


def test_another_providers_manager_gets_not_found(other_manager, family):
    first, _, _ = family
    with pytest.raises(NotFound):
        subject_access_export(actor=other_manager, reference=first.reference)


def test_administrators_may_export_any_case(world, family):
    first, _, _ = family
    document = subject_access_export(actor=world.users["administrator"], reference=first.reference)
    assert document["generated_by"] == "admin@test.test"
    assert len(document["requests_for_another_format"]) == 2


def test_every_export_is_audited(manager, family):
    first, second, _ = family
    subject_access_export(
        actor=manager, reference=first.reference, family=True, include_confidential=True
    )
    event = AuditEvent.objects.get(action="case.subject_access_export")
    assert event.actor == manager
    assert event.object_id == str(first.pk) and event.provider_id == first.provider_id
    assert event.detail == {
        "case_ids": [first.pk, second.pk],
        "family": True,
        "include_confidential": True,
        "via": "staff",
    }


def test_the_command_writes_a_private_file_and_is_audited(family, tmp_path, capsys):
    first, _, _ = family
    output = tmp_path / "sar.json"
    call_command("subject_access_export", first.reference, "--output", str(output))
    document = json.loads(output.read_text())
    assert document["cases"][0]["child"]["name"] == "Sam Example"
    assert "SECRET-NOTE" not in output.read_text()
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    event = AuditEvent.objects.get(action="case.subject_access_export")
    assert event.actor_label == "system" and event.detail["via"] == "command"
    call_command(
        "subject_access_export",
        first.reference,
        "--output",
        str(output),
        "--include-confidential",
        "--family",
    )
    assert "SECRET-NOTE" in output.read_text()
    assert len(json.loads(output.read_text())["cases"]) == 2


def test_the_command_reports_an_unknown_case(db, tmp_path):
    with pytest.raises(CommandError, match="No case SR-2345-6789"):
        call_command("subject_access_export", "SR-2345-6789", "--output", str(tmp_path / "x"))
