"""The provider's letterhead: edited by its manager, printed on letters, certificates and
agreements (read back with pdftotext), with a logo checked by what it is."""

import base64
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sendresolve.agreements import services as agreement_services
from sendresolve.agreements.tests.conftest import concluded, mediator  # noqa: F401 (fixtures)
from sendresolve.agreements.tests.helpers import draft_save, pdf_text
from sendresolve.audit.models import AuditEvent
from sendresolve.branding.models import ProviderBranding
from sendresolve.branding.tests.helpers import managers
from sendresolve.cases import services as case_services
from sendresolve.cases.documents import certificate_data
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.documents.certificates import render_certificate_html
from sendresolve.notifications import letters
from sendresolve.notifications.models import OutboxMessage
from sendresolve.tenancy.models import Provider

pytestmark = pytest.mark.django_db

# A 1 by 1 pixel PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
DETAILS = {
    "phone": "020 7946 0123",
    "email": "hello@alpha.example",
    "website": "https://alpha.example",
    "address": "Alpha House\n1 Mediation Street\nLondon\nN1 9GU",
}
FAMILY_ADDRESS = "Flat 2\n14 Station Road\nHigh Barnet\nEN5 1QX"


@pytest.fixture
def people(world):
    return managers(world)


@pytest.fixture
def branded(client, world, people):
    client.force_login(people["manager"])
    response = client.post(reverse("staff:branding:branding"), DETAILS)
    assert response.status_code == 302
    return Provider.objects.get(pk=world.provider.pk)


def issued_certificate(world, time_machine, **contact):
    time_machine.move_to(dt.datetime(2024, 4, 4, 9, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2024, 3, 5), **contact)
    case_services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    case_services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 28))
    return case, case_services.certificate_issue(actor=adviser, case=case)


def test_the_manager_saves_contact_details_and_address_once(client, world, people, branded):
    assert (branded.phone, branded.email, branded.website) == (
        "020 7946 0123",
        "hello@alpha.example",
        "https://alpha.example",
    )
    assert ProviderBranding.objects.get(provider=branded).address == DETAILS["address"]
    client.post(reverse("staff:branding:branding"), DETAILS)  # sent again: nothing changes
    events = AuditEvent.objects.filter(action="branding.update", provider=branded)
    assert events.count() == 1
    assert events.get().detail == {"changed": ["address", "email", "phone", "website"]}


def test_a_bad_email_or_website_is_a_form_error(client, world, people):
    client.force_login(people["manager"])
    response = client.post(
        reverse("staff:branding:branding"), {**DETAILS, "email": "not an email", "website": "x y"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page
    assert "Enter a website address" in page


def test_the_certificate_pdf_shows_the_providers_name_address_and_contact_details(
    world, branded, time_machine
):
    _, certificate = issued_certificate(world, time_machine)
    text = pdf_text(certificate.pdf)
    for expected in (
        "Alpha Mediation",
        "Alpha House",
        "1 Mediation Street",
        "N1 9GU",
        "020 7946 0123",
        "hello@alpha.example",
        "https://alpha.example",
    ):
        assert expected in text, expected


def test_a_posted_letter_shows_the_letterhead(world, branded, time_machine, settings, tmp_path):
    settings.NOTIFICATIONS_OUTBOX_LETTERS = str(tmp_path)
    case, _ = issued_certificate(
        world, time_machine, address=FAMILY_ADDRESS, preferred_channel="letter"
    )
    message = OutboxMessage.objects.get(reference=case.reference, channel="letter")
    text = pdf_text(letters.letter_pdf(message))
    for expected in ("Alpha Mediation", "Alpha House", "N1 9GU", "020 7946 0123", "EN5 1QX"):
        assert expected in text, expected


def test_the_agreement_pdf_shows_the_letterhead(world, people, client, concluded, mediator):  # noqa: F811
    client.force_login(people["manager"])
    client.post(reverse("staff:branding:branding"), DETAILS)
    draft_save(mediator, concluded)
    document = agreement_services.agreement_issue(actor=mediator, case=concluded)
    text = pdf_text(document.pdf)
    for expected in ("Alpha Mediation", "Alpha House", "N1 9GU", "020 7946 0123"):
        assert expected in text, expected


def test_a_png_logo_is_kept_and_printed_on_certificates(client, world, people, time_machine):
    client.force_login(people["manager"])
    upload = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    response = client.post(reverse("staff:branding:logo"), {"logo": upload})
    assert response.status_code == 302
    branding = ProviderBranding.objects.get(provider=world.provider)
    assert (bytes(branding.logo), branding.logo_type) == (PNG, "image/png")
    _, certificate = issued_certificate(world, time_machine)
    html = render_certificate_html(certificate_data(certificate))
    assert 'src="data:image/png;base64,' in html and 'alt="Alpha Mediation logo"' in html
    page = client.get(reverse("staff:branding:branding")).content.decode()
    assert "data:image/png;base64," in page
    assert AuditEvent.objects.filter(action="branding.logo.set").count() == 1
    client.post(reverse("staff:branding:logo"), {"intent": "remove"})
    assert not bytes(ProviderBranding.objects.get(provider=world.provider).logo)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "must be a PNG or JPEG"),
        ("logo.png", b"MZ\x90\x00 a program, not a picture", "must be a PNG or JPEG"),
        ("logo.png", PNG + b"\x00" * 3000, "must be smaller than 2 KB"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(
    client, world, people, settings, name, content, error
):
    settings.SENDRESOLVE_LOGO_MAX_BYTES = 2000
    client.force_login(people["manager"])
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(reverse("staff:branding:logo"), {"logo": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and error in page
    assert not ProviderBranding.objects.filter(provider=world.provider).exclude(logo=b"").exists()


def test_no_file_chosen_is_a_form_error(client, world, people):
    client.force_login(people["manager"])
    response = client.post(reverse("staff:branding:logo"), {})
    assert response.status_code == 400
    assert "Select a PNG or JPEG picture of your logo" in response.content.decode()


def test_another_providers_manager_cannot_change_this_ones_letterhead(client, world, people):
    client.force_login(people["other_manager"])
    response = client.post(
        reverse("staff:branding:branding"), {**DETAILS, "provider": "alpha-mediation"}
    )
    assert response.status_code == 404
    assert Provider.objects.get(pk=world.provider.pk).phone != DETAILS["phone"]
    page = client.get(reverse("staff:branding:branding")).content.decode()
    assert "Beta Mediation" in page and "Alpha Mediation" not in page


def test_a_provider_detail_goes_into_a_message_that_uses_it(client, world, people, branded):
    client.post(
        reverse("staff:branding:message-edit", args=["case_opened", "email"]),
        {
            "subject": "Case ((case_reference))",
            "body": "Case ((case_reference)). Write to us at ((provider_address)) or see "
            "((provider_website)).",
            "intent": "save",
        },
    )
    world.provider.refresh_from_db()  # the case's provider, as a request would read it
    case = open_case(world)
    body = OutboxMessage.objects.get(template="case_opened", reference=case.reference).body
    assert "Alpha House, 1 Mediation Street, London, N1 9GU" in body
    assert "https://alpha.example" in body
