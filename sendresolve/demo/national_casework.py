"""The casework around the national data set's cases (issue 26): contact log entries, tasks,
documents and each commission's contract terms, so that the pages that show them are measured at
national scale with realistic volumes.

Per case: two to five contact log entries over the case's life (one in ten confidential), an
open task on a third of the open cases, and on about a third of the cases one to three documents.
Documents are metadata rows pointing at a stored name; one document in ``REAL_FILE_EVERY`` is a
small real PDF written through the case-files storage, so downloads can be measured too. Written
in the batch's transaction, like the cases themselves (``national._write``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.core.files.base import ContentFile

from sendresolve.billing.models import ContractTerms
from sendresolve.casefiles.models import CaseFile, Kind, Visibility
from sendresolve.casefiles.storage import case_file_path
from sendresolve.cases.contact_models import CaseTask, ContactEntry, ContactKind, Direction
from sendresolve.cases.models import Case
from sendresolve.cases.states import TERMINAL
from sendresolve.core.clock import LONDON
from sendresolve.tenancy.models import Commission

REAL_FILE_EVERY = 500
WITH_WHOM = ("Parent", "SEND caseworker", "SENCO", "Health practitioner", "Social worker")
SUMMARIES = (
    "Explained how mediation works and what happens next.",
    "Agreed a date to call back about the meeting.",
    "Sent the information leaflet and the consent form.",
    "Talked through the issues to be discussed.",
    "Confirmed the arrangements for the meeting.",
)
# The smallest well-formed PDF: one empty page.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9 + rng.randrange(8), rng.randrange(60)), LONDON)


def _day_within(case: Case, today: dt.date, rng: random.Random) -> dt.date:
    end = case.closed_on or today
    span = max((end - case.opened_on).days, 0)
    return case.opened_on + dt.timedelta(days=rng.randint(0, span))


def casework_write(
    cases: list[Case], *, today: dt.date, rng: random.Random, documents_before: int
) -> tuple[int, int]:
    """Write the contact log, tasks and documents of ``cases``; return the rows written and
    the documents written so far in the run (``documents_before`` counts the earlier batches':
    the first document of the run, and every ``REAL_FILE_EVERY``-th after it, is a real file)."""
    serial = documents_before
    contacts, tasks, files = [], [], []
    for case in cases:
        author = case.assigned_to
        for _ in range(rng.randint(2, 5)):
            contacts.append(
                ContactEntry(
                    case=case,
                    kind=rng.choice(ContactKind.values),
                    direction=rng.choice(Direction.values),
                    with_whom=rng.choice(WITH_WHOM),
                    occurred_at=_moment(_day_within(case, today, rng), rng),
                    summary=rng.choice(SUMMARIES),
                    confidential=rng.random() < 0.1,
                    author=author,
                )
            )
        if case.status not in TERMINAL and rng.random() < 1 / 3:
            tasks.append(
                CaseTask(
                    case=case,
                    description="Call the family back",
                    owner=author,
                    due_on=today + dt.timedelta(days=rng.randint(-5, 10)),
                    created_by=author,
                )
            )
        if rng.random() < 1 / 3:
            for _ in range(rng.randint(1, 3)):
                files.append(_document(case, today, rng, real=serial % REAL_FILE_EVERY == 0))
                serial += 1
    ContactEntry.objects.bulk_create(contacts)
    CaseTask.objects.bulk_create(tasks)
    CaseFile.objects.bulk_create(files)
    return len(contacts) + len(tasks) + len(files), serial


def _document(case: Case, today: dt.date, rng: random.Random, *, real: bool) -> CaseFile:
    kind = rng.choice((Kind.DECISION_LETTER, Kind.EHC_PLAN, Kind.REPORT, Kind.EVIDENCE))
    row = CaseFile(
        case=case,
        kind=kind,
        visibility=rng.choice((Visibility.PROVIDER, Visibility.EVERYONE)),
        original_name=f"{kind}.pdf",
        content_type="application/pdf",
        size=len(TINY_PDF),
        sha256=hashlib.sha256(TINY_PDF).hexdigest(),
        uploaded_by=case.assigned_to,
        uploaded_at=_moment(_day_within(case, today, rng), rng),
    )
    name = case_file_path(row, row.original_name)
    if real:
        name = row.file.storage.save(name, ContentFile(TINY_PDF))
    row.file.name = name
    return row


def contract_terms_ensure(first: dt.date) -> int:
    """Give every commission without contract terms a priced set from ``first`` (typical
    prices, in pence); return how many were added."""
    priced = set(ContractTerms.objects.values_list("commission_id", flat=True))
    new = [
        ContractTerms(
            commission=commission,
            valid_from=first,
            price_advice_call=4_500,
            price_mediation_case=65_000,
            price_additional_session=30_000,
            price_dr_meeting=55_000,
            price_cancellation=15_000,
            volume_cap=400,
        )
        for commission in Commission.objects.exclude(pk__in=priced)
    ]
    ContractTerms.objects.bulk_create(new)
    return len(new)
