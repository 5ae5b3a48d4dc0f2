"""A caseload file is scanned by ClamAV before anything of it is read or kept, as documents
are (casefiles.scanning): a file with malware, or one that cannot be scanned, is refused with
the reason in the error summary, and nothing is imported or stored."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendresolve.casefiles import scanning
from sendresolve.casefiles.tests.conftest import EICAR
from sendresolve.core.clock import LONDON
from sendresolve.imports.generator import as_xlsx, generate
from sendresolve.imports.models import CaseImport
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 11, 20)
UPLOAD = reverse("staff:imports:upload")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 20, 9, tzinfo=LONDON), tick=False)


@pytest.fixture(autouse=True, scope="module")
def _clamd():
    if not scanning.scanner_available():
        pytest.fail("ClamAV's daemon does not answer: run scripts/ensure-clamav.sh", pytrace=False)


@pytest.fixture
def manager_client(client, world):
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    client.force_login(manager)
    return client


def good_workbook() -> SimpleUploadedFile:
    generated = generate(rows=3, bad=0, today=TODAY, local_authorities=["302"], seed=5)
    return SimpleUploadedFile("cases.xlsx", as_xlsx(generated))


def post(client, world, **files):
    response = client.post(UPLOAD, {"provider": world.provider.pk, **files})
    return response, response.content.decode()


@pytest.mark.parametrize("large", [False, True], ids=["checked at once", "checked by a worker"])
def test_a_cases_file_with_malware_is_refused_and_nothing_kept(
    manager_client, world, monkeypatch, large
):
    if large:  # a large file would be stored for a worker to check: it is scanned first
        monkeypatch.setattr("sendresolve.imports.views.CHECK_INLINE_BYTES", 10)
    response, page = post(manager_client, world, file=SimpleUploadedFile("cases.csv", EICAR))
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "contains a virus or other malware" in page
    assert CaseImport.objects.count() == 0


def test_an_events_file_with_malware_is_refused_too(manager_client, world):
    response, page = post(
        manager_client,
        world,
        file=good_workbook(),
        events=SimpleUploadedFile("events.csv", EICAR),
    )
    assert response.status_code == 400
    assert 'href="#events"' in page or 'href="#id_events"' in page
    assert "contains a virus or other malware" in page
    assert CaseImport.objects.count() == 0


def test_when_the_scanner_cannot_be_reached_nothing_is_kept_and_the_manager_may_retry(
    manager_client, world, settings
):
    settings.CLAMD_SOCKET = ""
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", 9  # nothing listens there
    response, page = post(manager_client, world, file=good_workbook())
    assert response.status_code == 400
    assert "cannot be checked for viruses at the moment" in page
    assert CaseImport.objects.count() == 0


def test_a_clean_file_is_scanned_and_checked_as_before(manager_client, world):
    response, _ = post(manager_client, world, file=good_workbook())
    record = CaseImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{record.pk}/")
