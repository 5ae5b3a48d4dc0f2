"""Agreement documents under retention and subject access: the wording and the PDFs go with
the case's personal details; numbers, versions, dates and receipts stay; subject access lists
the issued versions and the summary, never a draft."""

import datetime as dt

import pytest

from sendresolve.agreements import services
from sendresolve.agreements.models import AgreementDocument, IssuesSummary
from sendresolve.agreements.tests.helpers import draft_save
from sendresolve.core.clock import LONDON
from sendresolve.retention.services import retention_apply
from sendresolve.retention.subject_access import subject_access_export
from sendresolve.retention.tests.factories import mediated_case

pytestmark = pytest.mark.django_db


def assign(world, case, mediator):
    """The mediator words the agreement on the cases assigned to them (issue 23)."""
    case.assigned_to = mediator
    case.save(update_fields=["assigned_to"])


def test_retention_removes_the_wording_and_pdfs_and_keeps_the_numbers(
    world, mediator, time_machine
):
    old = mediated_case(
        world, time_machine, opened_on=dt.date(2023, 4, 3), closed_on=dt.date(2023, 6, 30)
    )
    assign(world, old, mediator)
    draft_save(mediator, old)
    issued = services.agreement_issue(actor=mediator, case=old)
    summary = services.issues_summary_get(case=old)
    draft_save(mediator, old, intro="A second version, never issued.")
    time_machine.move_to(dt.datetime(2029, 7, 2, 9, tzinfo=LONDON), tick=False)
    retention_apply(dt.date(2029, 7, 2))
    issued.refresh_from_db()
    summary.refresh_from_db()
    assert (issued.number, issued.version, issued.state) == (f"{old.reference}-A1", 1, "issued")
    assert bytes(issued.pdf) == b"" and issued.intro == "" and issued.sections == []
    assert bytes(summary.pdf) == b""
    assert not AgreementDocument.objects.exclude(intro="").exists()
    assert IssuesSummary.objects.get().number == f"{old.reference}-RI"


def test_subject_access_lists_issued_versions_and_the_summary(world, mediator, time_machine):
    case = mediated_case(world, time_machine, opened_on=dt.date(2023, 4, 3))
    assign(world, case, mediator)
    draft_save(mediator, case)
    services.agreement_issue(actor=mediator, case=case)
    services.issues_summary_get(case=case)
    draft_save(mediator, case, intro="Not issued yet.")
    document = subject_access_export(actor=None, reference=case.reference)
    (exported,) = document["cases"]
    listed = exported["agreement_documents"]
    assert [item["number"] for item in listed] == [f"{case.reference}-A1", f"{case.reference}-RI"]
    assert "Not issued yet." not in repr(document)
