"""The staff case page says how the case's documents went to the family, and which could not
go and why (issue 21); the check page says a certificate will go by post."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db

ADDRESS = "14 Station Road\nHigh Barnet\nEN5 1QX"


def text_of(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


@pytest.fixture
def declined(world, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)

    def make(**contact):
        adviser = world.users["provider_staff"]
        case = open_case(world, **contact)
        services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 8))
        return case

    return make


def test_a_letter_that_could_not_go_shows_on_the_case_page_for_the_provider_only(
    world, declined, as_persona
):
    case = declined(address="14 Station Road", preferred_channel="letter")
    certificate = services.certificate_issue(actor=world.users["provider_staff"], case=case)
    page = reverse("staff:case", args=[case.reference])
    text = text_of(as_persona("provider_staff").get(page).content)
    assert "Documents sent to the family" in text
    assert "1 document was not sent to the family" in text
    assert f"Mediation certificate {certificate.number} None Not sent" in text
    assert "their postal address is incomplete" in text
    # The LA's officers see the case, not how the family is reached.
    officer = text_of(as_persona("la_officer").get(page).content)
    assert "Documents sent to the family" not in officer
    assert "postal address" not in officer


def test_a_document_on_its_way_by_post_shows_as_sending(world, declined, as_persona):
    case = declined(address=ADDRESS, preferred_channel="letter")
    check = reverse("staff:certificate-check", args=[case.reference])
    text = text_of(as_persona("provider_staff").get(check).content)
    assert "by post to 14 Station Road, High Barnet, EN5 1QX" in text
    certificate = services.certificate_issue(actor=world.users["provider_staff"], case=case)
    page = reverse("staff:case", args=[case.reference])
    text = text_of(as_persona("provider_staff").get(page).content)
    assert f"Mediation certificate {certificate.number} Letter Sending" in text
    assert "not sent to the family" not in text
