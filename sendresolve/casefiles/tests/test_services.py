"""Adding documents: checked by content, scanned, stored only when clean, shared by stage."""

import pytest
from django.db import transaction

from sendresolve.audit.models import AuditEvent
from sendresolve.casefiles import services
from sendresolve.casefiles.models import CaseFile, Visibility
from sendresolve.casefiles.tests.conftest import (
    EICAR,
    PDF,
    PNG,
    executable,
    stored_files,
    upload,
)
from sendresolve.cases.models import CaseEvent
from sendresolve.cases.selectors import case_timeline
from sendresolve.core.errors import NotFound, ValidationError

pytestmark = pytest.mark.django_db


def add(world, case, content=PDF, *, persona="provider_staff", name="letter.pdf", **fields):
    fields = {"kind": "decision_letter", "visibility": Visibility.EVERYONE, **fields}
    return services.document_add(
        actor=world.users[persona], case=case, upload=upload(content, name), **fields
    )


def test_an_allowed_pdf_is_stored_with_what_it_is_and_recorded_on_the_case(
    world, case, case_files_dir
):
    document = add(world, case, name="Decision letter (final).PDF")
    assert document.content_type == "application/pdf"
    assert document.original_name == "Decision letter (final).pdf"
    assert document.size == len(PDF)
    assert document.uploaded_by == world.users["provider_staff"]
    (path,) = stored_files(case_files_dir)
    assert path.read_bytes() == PDF
    # The stored name says nothing about the family or the file.
    assert "letter" not in path.name.lower() and "pdf" not in path.name.lower()
    event = CaseEvent.objects.get(case=case, type="document_added")
    assert event.detail["document_id"] == document.pk
    assert AuditEvent.objects.filter(action="case.document_add", object_id=str(case.pk)).exists()


def test_the_eicar_test_file_is_refused_and_never_stored(world, case, case_files_dir):
    with pytest.raises(ValidationError, match="virus"):
        add(world, case, EICAR, name="letter.txt")
    assert not CaseFile.objects.exists()
    assert stored_files(case_files_dir) == []
    assert not CaseEvent.objects.filter(type="document_added").exists()


def test_a_program_renamed_as_a_pdf_is_refused_by_its_content(world, case, case_files_dir):
    with pytest.raises(ValidationError, match="must be a PDF, Word document"):
        add(world, case, executable(), name="letter.pdf")
    assert not CaseFile.objects.exists()
    assert stored_files(case_files_dir) == []


def test_a_picture_named_as_a_pdf_is_stored_as_the_picture_it_is(world, case):
    document = add(world, case, PNG, name="scan.pdf")
    assert document.content_type == "image/png"
    assert document.original_name == "scan.png"


def test_a_file_over_the_limit_is_refused(world, case, settings, case_files_dir):
    settings.SENDRESOLVE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="smaller than"):
        add(world, case, PDF + b"%" * 1000)
    assert stored_files(case_files_dir) == []


def test_when_the_scanner_is_down_nothing_is_stored(world, case, settings, case_files_dir):
    settings.CLAMD_PORT = 1  # nothing listens there
    with pytest.raises(services.ScannerUnavailable, match="Try again later"):
        add(world, case)
    assert not CaseFile.objects.exists()
    assert stored_files(case_files_dir) == []


def test_confidential_material_is_never_shared_with_the_la_or_icb(world, case):
    for visibility in (Visibility.PARTIES, Visibility.EVERYONE):
        with pytest.raises(ValidationError, match="cannot be shared"):
            add(world, case, visibility=visibility, confidential=True)
    assert not CaseFile.objects.exists()
    # The database refuses it too, whatever writes the row.
    document = add(world, case, visibility=Visibility.FAMILY, confidential=True)
    document.visibility = Visibility.PARTIES
    with pytest.raises(Exception, match="casefile_confidential_not_shared"), transaction.atomic():
        document.save()


def test_la_and_icb_officers_add_documents_for_the_parties_only(world, case):
    for persona in ("la_officer", "icb_officer"):
        with pytest.raises(ValidationError, match="local authority and health parties"):
            add(world, case, persona=persona, visibility=Visibility.PROVIDER)
        with pytest.raises(ValidationError, match="Only the case's mediator or a manager"):
            add(world, case, persona=persona, visibility=Visibility.FAMILY, confidential=True)
        document = add(world, case, persona=persona, visibility=Visibility.PARTIES)
        assert document.uploaded_by == world.users[persona]


def test_other_tenants_cannot_add_documents(world, case):
    for persona in ("other_provider", "other_la"):
        with pytest.raises(NotFound):
            add(world, case, persona=persona)
    assert not CaseFile.objects.exists()


def test_the_family_adds_a_document_seen_by_them_and_the_provider(world, case):
    document = services.document_add_by_family(
        case=case, upload=upload(PDF, "plan.pdf"), kind="ehc_plan"
    )
    assert document.visibility == Visibility.FAMILY and document.uploaded_by is None
    event = CaseEvent.objects.get(case=case, type="document_added")
    assert event.detail["by"] == "family" and event.actor is None
    # Not in the LA's timeline: the document is not shared with the parties.
    la_events = case_timeline(case, world.users["la_officer"])
    assert not la_events.filter(type="document_added").exists()
    assert case_timeline(case, world.users["provider_staff"]).filter(type="document_added")


def test_the_family_cannot_upload_eicar_either(case, case_files_dir):
    with pytest.raises(ValidationError, match="virus"):
        services.document_add_by_family(case=case, upload=upload(EICAR, "a.txt"), kind="other")
    assert stored_files(case_files_dir) == []


def test_a_step_that_rolls_back_leaves_no_file_behind(world, case, case_files_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the deadlines could not be stored")

    monkeypatch.setattr("sendresolve.cases.recorder.deadlines_store", broken)
    with pytest.raises(RuntimeError):
        add(world, case)
    assert not CaseFile.objects.exists()
    assert stored_files(case_files_dir) == []


def test_malware_deep_inside_a_pdf_is_found(world, case, case_files_dir):
    content = PDF + b"%" * (3 * 1024 * 1024) + EICAR
    with pytest.raises(ValidationError, match="virus"):
        add(world, case, content, name="report.pdf")
    assert stored_files(case_files_dir) == []


def test_the_provider_shares_what_the_family_sent_with_the_parties(world, case):
    from sendresolve.casefiles.selectors import documents_for

    document = services.document_add_by_family(
        case=case, upload=upload(PDF, "report.pdf"), kind="report"
    )
    la_officer = world.users["la_officer"]
    assert not documents_for(la_officer, case).exists()
    with pytest.raises(NotFound):
        services.document_share(actor=la_officer, document=document, visibility="parties")
    services.document_share(
        actor=world.users["provider_staff"], document=document, visibility=Visibility.EVERYONE
    )
    assert list(documents_for(la_officer, case)) == [document]
    event = CaseEvent.objects.get(type="document_shared")
    assert (event.detail["before"], event.detail["visibility"]) == ("family", "everyone")
    assert case_timeline(case, la_officer).filter(type="document_shared").exists()


def test_confidential_material_cannot_be_shared_later_either(world, case):
    document = add(world, case, visibility=Visibility.PROVIDER, confidential=True)
    with pytest.raises(ValidationError, match="cannot be shared"):
        services.document_share(
            actor=world.users["provider_staff"], document=document, visibility="parties"
        )
    document.refresh_from_db()
    assert document.visibility == Visibility.PROVIDER
