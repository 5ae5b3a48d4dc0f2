"""The import pages: who may use them, the check, the error report and importing once."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.imports.generator import as_xlsx, generate
from sendresolve.imports.models import CaseImport
from sendresolve.imports.tasks import case_import_run
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 20)
UPLOAD = reverse("staff:imports:upload")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=LONDON), tick=False)


def member(username, role, provider):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, provider=provider)
    return user


@pytest.fixture
def manager(world):
    return member("manager@alpha.test", Role.PROVIDER_MANAGER, world.provider)


def workbook(rows=20, bad=2):
    generated = generate(rows=rows, bad=bad, today=TODAY, local_authorities=["302"], seed=7)
    return generated, SimpleUploadedFile("cases.xlsx", as_xlsx(generated))


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left in a transaction
def test_a_manager_checks_a_file_then_imports_it_once(
    client, world, manager, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    generated, upload = workbook()
    response = client.post(UPLOAD, {"provider": world.provider.pk, "file": upload})
    record = CaseImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:imports:check", args=[record.pk])
    assert Case.objects.count() == 0  # checked, nothing imported yet
    page = client.get(response["Location"]).content.decode()
    assert "Import 18 cases" in page
    assert f'<td class="govuk-table__cell">{min(generated.bad)}</td>' in page
    errors = client.get(reverse("staff:imports:errors-csv", args=[record.pk]))
    lines = errors.content.decode().splitlines()
    assert lines[0] == "sheet,row,column,reason"
    assert {int(line.split(",")[1]) for line in lines[1:] if line.startswith("Cases")} == set(
        generated.bad
    )
    assert AuditEvent.objects.filter(action="import.errors.download").count() == 1

    confirm = reverse("staff:imports:confirm", args=[record.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(confirm)
        second = client.post(confirm)  # a double submission
    assert first.status_code == second.status_code == 302
    assert first["Location"] == reverse("staff:imports:check", args=[record.pk])
    assert Case.objects.count() == 0  # queued for the workers, not imported in the request
    assert DBTaskResult.objects.filter(task_path=case_import_run.module_path).count() == 1
    page = client.get(first["Location"])
    assert "Importing your cases" in page.content.decode()
    assert "Check again" in page.content.decode()
    assert page["Cache-Control"] == "no-store"

    run_worker()
    assert Case.objects.count() == 18
    assert AuditEvent.objects.filter(action="import.cases").count() == 1
    record.refresh_from_db()
    assert record.state == "imported" and bytes(record.content) == b""
    page = client.get(reverse("staff:imports:check", args=[record.pk])).content.decode()
    assert "Cases imported" in page
    assert "Deadlines already overdue" in page
    client.post(confirm)  # pressed again from the browser's history: nothing more
    run_worker()
    assert Case.objects.count() == 18
    assert DBTaskResult.objects.filter(task_path=case_import_run.module_path).count() == 1


def test_no_file_shows_a_gov_uk_error_summary(client, world, manager):
    client.force_login(manager)
    page = client.post(UPLOAD, {"provider": world.provider.pk}).content.decode()
    assert "govuk-error-summary" in page
    assert "Select the cases file (.xlsx or .csv)" in page
    assert "<title>Error: Import cases" in page


def test_an_unreadable_file_shows_why_in_the_error_summary(client, world, manager):
    client.force_login(manager)
    upload = SimpleUploadedFile("cases.xlsx", b"not a workbook")
    page = client.post(UPLOAD, {"provider": world.provider.pk, "file": upload}).content.decode()
    assert "govuk-error-summary" in page
    assert "cannot be read as an Excel" in page
    assert CaseImport.objects.count() == 0


def test_only_managers_see_the_pages_and_only_their_providers_imports(
    client, world, role_personas, manager
):
    client.force_login(manager)
    _, upload = workbook(rows=3, bad=0)
    client.post(UPLOAD, {"provider": world.provider.pk, "file": upload})
    record = CaseImport.objects.get()
    pages = [
        reverse("staff:imports:check", args=[record.pk]),
        reverse("staff:imports:errors-csv", args=[record.pk]),
    ]
    other_manager = member("manager@beta.test", Role.PROVIDER_MANAGER, world.other_provider)
    for user in (role_personas.users["adviser"], world.users["colleague"], other_manager):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == 404
        assert client.post(reverse("staff:imports:confirm", args=[record.pk])).status_code == 404
    assert client.get(UPLOAD).status_code == 200  # the other manager has their own page
    # ... and cannot import into another provider.
    _, upload = workbook(rows=3, bad=0)
    response = client.post(UPLOAD, {"provider": world.provider.pk, "file": upload})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    assert Case.objects.count() == 0


def test_the_staff_navigation_links_managers_to_the_import(client, world, role_personas, manager):
    client.force_login(manager)
    assert f'href="{UPLOAD}"' in client.get(reverse("staff:home")).content.decode()
    client.force_login(role_personas.users["adviser"])
    assert f'href="{UPLOAD}"' not in client.get(reverse("staff:home")).content.decode()


def test_the_navigation_marks_only_the_page_a_manager_is_on(client, world, manager):
    """The import and the messages both live under /staff/provider/: each page marks its own
    navigation item as the current one, and only that one."""
    client.force_login(manager)
    for url, current in (
        (UPLOAD, "Import cases"),
        (reverse("staff:branding:message-list"), "Messages and branding"),
        (reverse("staff:branding:branding"), "Messages and branding"),
    ):
        page = client.get(url).content.decode()
        items = re.findall(
            r'<li class="govuk-service-navigation__item([^"]*)">\s*<a[^>]*>\s*(?:<strong[^>]*>)?'
            r"\s*([^<]+?)\s*<",
            page,
        )
        active = [text for classes, text in items if "--active" in classes]
        assert active == [current], (url, active)
