"""Adding documents to a case, and recording that one was opened.

``document_add`` is the catalogue's ``document_add`` action (``cases.actions``): staff pages
and the API call it through ``recorder.action_perform``; it records a case step
(``recorder.case_step_record``), so the upload is checked against the actor, audited and in the
case's timeline. ``document_add_by_family`` is the family's upload through their status link:
they have no account for the catalogue to check (the signed link is their permission), so it
locks the case and writes the same case event and audit event with ``recorder.event_record``.

Before anything is stored, each file is checked: its size (``uploads``), its type by content
(``content``) and for malware (``scanning``). A file that fails is refused and never stored,
and a file stored by a step that then rolls back is removed again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.casefiles import content, scanning
from sendresolve.casefiles.models import SEEN_BY_PARTIES, CaseFile, Kind, Visibility
from sendresolve.casefiles.uploads import max_bytes, max_words
from sendresolve.cases.models import Case
from sendresolve.cases.permissions import is_provider_side, sees_confidential
from sendresolve.cases.privacy import HEALTH_OWNER, LA_OWNER
from sendresolve.cases.recorder import Step, action_require, case_step_record, event_record
from sendresolve.cases.vocabulary import EventType
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.actors import Who, as_actor, user_of

NAME_MAX = 150
FIELD = "file"


class ScannerUnavailable(ValidationError):
    """The virus scanner could not be reached: nothing was stored; try again later."""


def _checked(upload: UploadedFile | None) -> tuple[UploadedFile, content.Detected, str]:
    """The upload, its type and its SHA-256, once it passes every check; else
    ``ValidationError``."""
    if upload is None:
        raise ValidationError("Select a file.", field=FIELD)
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(f"The selected file must be smaller than {max_words()}.", field=FIELD)
    if not upload.size:
        raise ValidationError("The selected file is empty.", field=FIELD)
    detected = content.detect(upload)
    if detected is None:
        raise ValidationError(f"The selected file must be {content.ALLOWED_WORDS}.", field=FIELD)
    verdict = scanning.scan(upload)
    if verdict is scanning.Verdict.INFECTED:
        raise ValidationError(
            "The selected file contains a virus or other malware. It has not been saved.",
            field=FIELD,
        )
    if verdict is scanning.Verdict.UNREADABLE:
        raise ValidationError(
            "The selected file could not be checked for viruses. It has not been saved. "
            "Try saving it again as a PDF.",
            field=FIELD,
        )
    if verdict is scanning.Verdict.UNAVAILABLE:
        raise ScannerUnavailable(
            "Files cannot be checked for viruses at the moment, so nothing was saved. "
            "Try again later.",
            field=FIELD,
        )
    return upload, detected, _sha256(upload)


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(64 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _display_name(name: str, extension: str) -> str:
    """The name offered back on download: the uploader's, tidied, with the extension its
    content has (never the one it was given)."""
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in " -_().")[:100].strip(" .")
    return f"{stem or 'document'}.{extension}"


def _choice(value: str, choices: Any, field: str, message: str) -> str:
    if value not in choices.values:
        raise ValidationError(message, field=field)
    return value


def visibility_check(*, visibility: str, confidential: bool) -> None:
    """Confidential mediation material is never shared with the LA, the ICB or the tribunal."""
    if confidential and visibility in SEEN_BY_PARTIES:
        raise ValidationError(
            "Confidential mediation material cannot be shared with the local authority or "
            "health parties. Choose the provider only, or the provider and the family.",
            field="visibility",
        )


def _store(case: Case, upload: UploadedFile, **fields: Any) -> CaseFile:
    detected: content.Detected = fields.pop("detected")
    document = CaseFile(
        case=case,
        original_name=_display_name(upload.name or "", detected.extension),
        content_type=detected.mime,
        size=upload.size or 0,
        uploaded_at=clock.now(),
        **fields,
    )
    upload.seek(0)
    document.file.save("upload", upload, save=False)
    document.save()
    return document


def _removing_on_failure(run: Callable[[list[CaseFile]], CaseFile]) -> CaseFile:
    """Run a step that stores a file; if it fails after storing (a rollback), remove the file."""
    stored: list[CaseFile] = []
    try:
        return run(stored)
    except BaseException:
        for document in stored:
            if document.file.name:
                document.file.storage.delete(document.file.name)
        raise


def _owner(actor: Any, case: Case) -> str:
    """Whose side an LA or health officer uploads for (the catalogue's ``owned``)."""
    return LA_OWNER if actor.is_officer_of(case.local_authority_id) else HEALTH_OWNER


def document_add(
    *,
    actor: Who,
    case: Case,
    upload: UploadedFile | None,
    kind: str,
    visibility: str,
    confidential: bool = False,
) -> CaseFile:
    """Add a document to the case (staff, or a system through the API).

    The provider's own staff may choose any visibility and mark a document confidential
    mediation material; LA and health officers share what they add with the parties or with
    everyone, never with the provider alone (they could not see it themselves)."""
    actor = as_actor(actor)
    action_require(actor, case, "document_add", owner=_owner(actor, case))
    kind = _choice(kind, Kind, "kind", "Choose what kind of document it is.")
    visibility = _choice(visibility, Visibility, "visibility", "Choose who can see it.")
    provider_side = is_provider_side(actor, case)
    if confidential and not sees_confidential(actor, case):
        raise ValidationError(
            "Only the case's mediator or a manager can add confidential material.",
            field="confidential",
        )
    if not provider_side and visibility not in SEEN_BY_PARTIES:
        raise ValidationError(
            "Choose the local authority and health parties, or everyone on the case.",
            field="visibility",
        )
    visibility_check(visibility=visibility, confidential=confidential)
    checked, detected, sha256 = _checked(upload)

    def run(stored: list[CaseFile]) -> CaseFile:
        def apply(step: Step) -> CaseFile:
            document = _store(
                step.case,
                checked,
                detected=detected,
                sha256=sha256,
                kind=kind,
                visibility=visibility,
                confidential=confidential,
                uploaded_by=user_of(actor),
            )
            stored.append(document)
            step.detail = _event_detail(document)
            return document

        return case_step_record(
            actor=actor,
            case=case,
            action="document_add",
            event_type=EventType.DOCUMENT_ADDED,
            on=clock.today(),
            apply=apply,
            owner=_owner(actor, case),
            not_before=None,
        )

    return _removing_on_failure(run)


def document_add_by_family(*, case: Case, upload: UploadedFile | None, kind: str) -> CaseFile:
    """The family adds a document through their status link: seen by them and the provider,
    who may share it further."""
    kind = _choice(kind, Kind, "kind", "Choose what kind of document it is.")
    checked = _checked(upload)

    def run(stored: list[CaseFile]) -> CaseFile:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            return checked_store_by_family(
                locked, checked, kind=kind, visibility=Visibility.FAMILY, stored=stored
            )

    return _removing_on_failure(run)


def _event_detail(document: CaseFile) -> dict[str, Any]:
    """Ids and kinds only, never the file's name. ``confidential``: not for the LA's and health
    body's eyes, so the timeline leaves it out for them (``cases.selectors.case_timeline``)."""
    return {
        "document_id": document.pk,
        "kind": document.kind,
        "visibility": document.visibility,
        "confidential": document.confidential or document.visibility not in SEEN_BY_PARTIES,
    }


def document_opened(*, actor: Who, document: CaseFile, via: str) -> None:
    """Audit a download (``via``: "staff", "api" or "family"); no file name in the trail."""
    case = document.case
    audit_record(
        actor=actor,
        action="case.document.download" if via != "family" else "family.document.download",
        target=case,
        local_authority=case.local_authority,
        provider=case.provider,
        detail={"document_id": document.pk, "via": via},
    )


def case_files_remove(case_ids: Iterable[int]) -> int:
    """Delete the documents of these cases and their stored files (retention). Returns how
    many. The rows go in the caller's transaction; the files once it commits."""
    documents = CaseFile.objects.filter(case_id__in=list(case_ids))
    names = list(documents.values_list("file", flat=True))
    count, _ = documents.delete()
    storage = CaseFile._meta.get_field("file").storage

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return count


def document_share(*, actor: Who, document: CaseFile, visibility: str) -> CaseFile:
    """Change who may see a document (the provider's staff): share what the family sent with
    the LA and health parties, or take a document back. Confidential material still never
    goes to the parties."""
    case = document.case
    action_require(actor, case, "document_share")
    visibility = _choice(visibility, Visibility, "visibility", "Choose who can see it.")
    visibility_check(visibility=visibility, confidential=document.confidential)

    def apply(step: Step) -> CaseFile:
        before = document.visibility
        document.visibility = visibility
        document.save(update_fields=["visibility"])
        step.detail = {**_event_detail(document), "before": before}
        # Hidden from the parties only if it was hidden before and still is.
        step.detail["confidential"] = document.confidential or not (
            {before, visibility} & SEEN_BY_PARTIES
        )
        return document

    return case_step_record(
        actor=actor,
        case=case,
        action="document_share",
        event_type=EventType.DOCUMENT_SHARED,
        on=clock.today(),
        apply=apply,
        not_before=None,
    )


# -- Receipts for travel expense claims (issue 22, ``sendresolve.expenses``) ---------------------

# A file that passed every check (size, type by content, ClamAV), not yet stored.
CheckedUpload = tuple[UploadedFile, content.Detected, str]


def uploads_check(uploads: Iterable[UploadedFile]) -> list[CheckedUpload]:
    """Check every upload before anything is stored or locked (``ValidationError`` naming
    ``file`` for the first that fails): a claim with one bad receipt stores none."""
    return [_checked(upload) for upload in uploads]


def checked_store_by_family(
    case: Case, checked: CheckedUpload, *, kind: str, visibility: str, stored: list[CaseFile]
) -> CaseFile:
    """Store one checked upload the family sent, inside the caller's transaction (the case
    locked), with its ``document_added`` event; appended to ``stored`` so the caller can remove
    the files if its transaction fails (``stored_files_remove``)."""
    upload, detected, sha256 = checked
    kind = _choice(kind, Kind, "kind", "Choose what kind of document it is.")
    visibility_check(visibility=visibility, confidential=False)
    document = _store(
        case,
        upload,
        detected=detected,
        sha256=sha256,
        kind=kind,
        visibility=visibility,
        confidential=False,
        uploaded_by=None,
    )
    stored.append(document)
    event_record(
        case,
        actor=None,
        event_type=EventType.DOCUMENT_ADDED,
        on=clock.today(),
        action="document_add",
        detail={**_event_detail(document), "by": "family"},
    )
    return document


def stored_files_remove(documents: Iterable[CaseFile]) -> None:
    """Remove the stored files of documents whose rows were rolled back."""
    for document in documents:
        if document.file.name:
            document.file.storage.delete(document.file.name)
