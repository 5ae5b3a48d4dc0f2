"""Documents go with their case's personal data under retention, and subject access lists
them."""

import datetime as dt

import pytest

from sendresolve.casefiles import services
from sendresolve.casefiles.models import CaseFile, Visibility
from sendresolve.casefiles.tests.conftest import PDF, stored_files, upload
from sendresolve.core.clock import LONDON
from sendresolve.retention.services import retention_apply
from sendresolve.retention.subject_access import subject_access_export
from sendresolve.retention.tests.factories import mediated_case

pytestmark = pytest.mark.django_db


def _add(world, case, name, **fields):
    return services.document_add(
        actor=world.users["provider_staff"],
        case=case,
        upload=upload(PDF, name),
        kind="report",
        **{"visibility": Visibility.EVERYONE, **fields},
    )


def test_retention_removes_the_documents_and_their_files_with_the_case(
    world, time_machine, case_files_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = mediated_case(
            world, time_machine, opened_on=dt.date(2023, 4, 3), closed_on=dt.date(2023, 6, 30)
        )
        kept = mediated_case(world, time_machine, opened_on=dt.date(2023, 11, 1))
        _add(world, old, "old report.pdf")
        kept_document = _add(world, kept, "kept report.pdf")
    assert len(stored_files(case_files_dir)) == 2
    time_machine.move_to(dt.datetime(2029, 7, 2, 9, tzinfo=LONDON), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        retention_apply(dt.date(2029, 7, 2))
    assert list(CaseFile.objects.all()) == [kept_document]
    (left,) = stored_files(case_files_dir)
    assert left.name == kept_document.file.name.rsplit("/", 1)[-1]


def test_subject_access_lists_the_documents_confidential_ones_only_when_asked(world, time_machine):
    case = mediated_case(world, time_machine, opened_on=dt.date(2023, 4, 3))
    _add(world, case, "speech report.pdf")
    _add(world, case, "offer.pdf", visibility=Visibility.PROVIDER, confidential=True)
    document = subject_access_export(actor=None, reference=case.reference)
    (exported,) = document["cases"]
    assert [d["name"] for d in exported["documents"]] == ["speech report.pdf"]
    assert exported["documents"][0]["kind"] == "Report"
    everything = subject_access_export(
        actor=None, reference=case.reference, include_confidential=True
    )
    names = [d["name"] for d in everything["cases"][0]["documents"]]
    assert names == ["speech report.pdf", "offer.pdf"]
