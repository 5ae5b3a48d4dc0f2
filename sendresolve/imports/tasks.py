"""Checking a large upload, and importing a checked one, as tasks (django-tasks: the database
backend, or RQ with ``TASKS_BACKEND=rq``), so the pages answer at once however long the file.

A large upload (over ``views.CHECK_INLINE_BYTES``) is kept as "checking" and checked by
``case_import_check``; a small one is checked in the request. "Import N cases" moves the
import from "validated" to "importing" (only the first press does) and queues
``case_import_run`` once that commits; the worker reads the kept file and imports it
(``services.cases_import``). A task run again (a retry, a second worker) finds the import no
longer "checking" or "importing" and does nothing, and importing is idempotent by source
reference anyway.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from sendresolve.core.errors import NotFound
from sendresolve.imports.models import CaseImport
from sendresolve.imports.reading import ImportFileError, file_read
from sendresolve.imports.services import cases_import, upload_check

logger = logging.getLogger(__name__)


@task()
def case_import_run(import_id: int, user_id: int | None) -> dict[str, object]:
    """Import the kept file of import ``import_id`` as user ``user_id``; return the counts."""
    record = CaseImport.objects.select_related("provider").filter(pk=import_id).first()
    if record is None or record.state != CaseImport.State.IMPORTING:
        return {"skipped": "not waiting to be imported"}
    try:
        user = _user(user_id)
        data = file_read(
            bytes(record.content), record.file_name, events=bytes(record.events_content) or None
        )
        result = cases_import(
            actor=user,
            provider=record.provider,
            data=data,
            file_name=record.file_name,
            record=record,
        )
    except ImportFileError:
        import_failed(import_id)
        return {"failed": "the kept file cannot be read"}
    except Exception:
        # Logged without the file's content (personal data); the page says it failed.
        logger.exception("Import %s failed", import_id)
        import_failed(import_id)
        raise
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


@task()
def case_import_check(import_id: int, user_id: int | None) -> dict[str, object]:
    """Check the rows of a large upload kept by the page (``services.upload_store``)."""
    record = CaseImport.objects.select_related("provider").filter(pk=import_id).first()
    if record is None or record.state != CaseImport.State.CHECKING:
        return {"skipped": "not waiting to be checked"}
    try:
        user = _user(user_id)
        data = file_read(
            bytes(record.content), record.file_name, events=bytes(record.events_content) or None
        )
    except ImportFileError as error:
        # The reason is one sentence about the file (no personal data): the page shows it.
        CaseImport.objects.filter(pk=import_id).update(
            state=CaseImport.State.FAILED, errors=[["File", "", "", str(error)]]
        )
        return {"failed": "the file cannot be read"}
    except Exception:
        logger.exception("Checking import %s failed", import_id)
        import_failed(import_id)
        raise
    try:
        record = upload_check(actor=user, record=record, data=data)
    except Exception:
        logger.exception("Checking import %s failed", import_id)
        import_failed(import_id)
        raise
    return {"rows": record.rows, "bad_rows": record.bad_rows}


def check_enqueue(import_id: int, user_id: int | None) -> None:
    """Queue the check of a kept upload once the current transaction commits."""
    transaction.on_commit(lambda: case_import_check.enqueue(import_id, user_id))


def _user(user_id: int | None):
    """Who pressed the button. Checked again as they are now (``services.may_import``): a
    manager removed or deactivated meanwhile is refused, and the import fails."""
    if user_id is None:
        return None
    found = get_user_model().objects.filter(pk=user_id).first()
    if found is None:  # never the system in their place
        raise NotFound("The user who asked for this import is no longer there.")
    return found


def import_failed(import_id: int) -> None:
    CaseImport.objects.filter(pk=import_id).exclude(state=CaseImport.State.IMPORTED).update(
        state=CaseImport.State.FAILED
    )


def import_enqueue(import_id: int, user_id: int | None) -> None:
    """Queue the import once the current transaction commits (at once outside one), so a
    worker never finds it still "validated"."""
    transaction.on_commit(lambda: case_import_run.enqueue(import_id, user_id))
