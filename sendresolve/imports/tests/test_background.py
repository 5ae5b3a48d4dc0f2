"""Importing in the background: the task the "Import N cases" button queues."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.imports.generator import as_xlsx, generate
from sendresolve.imports.models import CaseImport
from sendresolve.imports.tasks import case_import_run
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

# The worker closes the connection it finds in a transaction (close_old_connections), as it
# should; so these tests commit, as the request and the worker do in life.
pytestmark = pytest.mark.django_db(transaction=True)
TODAY = dt.date(2024, 11, 20)
UPLOAD = reverse("staff:imports:upload")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def checked(client, world):
    """A manager signed in, with a checked file of 5 good rows waiting to be imported."""
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    client.force_login(manager)
    generated = generate(rows=5, bad=0, today=TODAY, local_authorities=["302"], seed=3)
    upload = SimpleUploadedFile("cases.xlsx", as_xlsx(generated))
    client.post(UPLOAD, {"provider": world.provider.pk, "file": upload})
    return CaseImport.objects.get()


def test_a_failed_import_says_so_and_keeps_no_half_claim(
    client, checked, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("sendresolve.imports.tasks.cases_import", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:imports:confirm", args=[checked.pk]))
    run_worker()
    checked.refresh_from_db()
    assert checked.state == "failed"
    page = client.get(reverse("staff:imports:check", args=[checked.pk])).content.decode()
    assert "The import did not finish" in page
    assert "upload the file again" in page
    assert "Importing your cases" not in page


def test_a_task_run_twice_imports_once(client, checked, run_worker):
    """A retry (or a second worker) of the same task finds the import done and does nothing."""
    CaseImport.objects.filter(pk=checked.pk).update(state=CaseImport.State.IMPORTING)
    case_import_run.enqueue(checked.pk, None)
    case_import_run.enqueue(checked.pk, None)
    run_worker()
    checked.refresh_from_db()
    assert checked.state == "imported" and checked.created == 5
    assert Case.objects.count() == 5


def test_a_task_for_an_import_not_confirmed_does_nothing(checked, run_worker):
    """Only the button moves an import to "importing": a stray task leaves a checked file be."""
    case_import_run.enqueue(checked.pk, None)
    run_worker()
    checked.refresh_from_db()
    assert checked.state == "validated" and Case.objects.count() == 0


def _upload_large(client, world, monkeypatch, content: bytes, name: str = "cases.xlsx"):
    monkeypatch.setattr("sendresolve.imports.views.CHECK_INLINE_BYTES", 10)
    return client.post(
        UPLOAD, {"provider": world.provider.pk, "file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def manager_client(client, world):
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    client.force_login(manager)
    return client


def test_a_large_file_is_checked_by_the_workers(
    manager_client, world, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    generated = generate(rows=6, bad=1, today=TODAY, local_authorities=["302"], seed=4)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload_large(manager_client, world, monkeypatch, as_xlsx(generated))
    record = CaseImport.objects.get()
    assert response["Location"] == reverse("staff:imports:check", args=[record.pk])
    assert record.state == "checking" and record.rows == 0
    page = manager_client.get(response["Location"]).content.decode()
    assert "Checking your file" in page and "Check again" in page
    run_worker()
    record.refresh_from_db()
    assert (record.state, record.rows, record.bad_rows, record.to_create) == ("validated", 6, 1, 5)
    page = manager_client.get(response["Location"]).content.decode()
    assert "Import 5 cases" in page
    assert Case.objects.count() == 0


def test_a_large_unreadable_file_says_why_on_its_page(
    manager_client, world, run_worker, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload_large(manager_client, world, monkeypatch, b"not a workbook at all")
    run_worker()
    record = CaseImport.objects.get()
    assert record.state == "failed"
    page = manager_client.get(response["Location"]).content.decode()
    assert "The file cannot be imported" in page
    assert "cannot be read as an Excel" in page
    assert "upload it again" in page


def test_a_manager_deactivated_before_the_worker_runs_imports_nothing(
    client, checked, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:imports:confirm", args=[checked.pk]))
    checked.created_by.is_active = False
    checked.created_by.save()
    run_worker()
    checked.refresh_from_db()
    assert checked.state == "failed" and Case.objects.count() == 0


def test_an_expired_import_says_so_and_cannot_be_imported(
    client, checked, run_worker, django_capture_on_commit_callbacks
):
    CaseImport.objects.filter(pk=checked.pk).update(state="expired", content=b"")
    page = client.get(reverse("staff:imports:check", args=[checked.pk])).content.decode()
    assert "This file was not imported" in page and "Upload it again" in page
    assert "Import 5 cases" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("staff:imports:confirm", args=[checked.pk]))
    run_worker()
    assert Case.objects.count() == 0
