"""Importing a checked upload as a task (django-tasks: the database backend, or RQ with
``TASKS_BACKEND=rq``), so "Import N cases" answers at once however long the file is.

The page moves the import from "validated" to "importing" (only the first press does) and
queues ``case_import_run`` once that commits; the worker reads the kept file and imports it
(``services.cases_import``). A task run again (a retry, a second worker) finds the import no
longer "importing" and does nothing, and importing is idempotent by source reference anyway.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task

from sendresolve.imports.models import CaseImport
from sendresolve.imports.reading import ImportFileError, file_read
from sendresolve.imports.services import cases_import

logger = logging.getLogger(__name__)


@task()
def case_import_run(import_id: int, user_id: int | None) -> dict[str, object]:
    """Import the kept file of import ``import_id`` as user ``user_id``; return the counts."""
    record = CaseImport.objects.select_related("provider").filter(pk=import_id).first()
    if record is None or record.state != CaseImport.State.IMPORTING:
        return {"skipped": "not waiting to be imported"}
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    try:
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


def import_failed(import_id: int) -> None:
    CaseImport.objects.filter(pk=import_id).exclude(state=CaseImport.State.IMPORTED).update(
        state=CaseImport.State.FAILED
    )


def import_enqueue(import_id: int, user_id: int | None) -> None:
    """Queue the import once the current transaction commits (at once outside one), so a
    worker never finds it still "validated"."""
    transaction.on_commit(lambda: case_import_run.enqueue(import_id, user_id))
