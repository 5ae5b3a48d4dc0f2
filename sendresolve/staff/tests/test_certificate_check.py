"""Check before you issue: the certificate's kind, decision, issues, the appeal deadline it
prints and who receives it; then issuing it, once."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.certificate_preview import certificate_preview
from sendresolve.cases.models import Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


@pytest.fixture
def declined(world, time_machine):
    """A family who declined mediation on 8 April 2024; the letter was dated 1 March 2024."""
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 8))
    return case


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_case_page_button_opens_the_check_page(declined, as_persona):
    html = as_persona("provider_staff").get(reverse("staff:case", args=[declined.reference]))
    check = reverse("staff:certificate-check", args=[declined.reference])
    assert re.search(rf'href="{check}"[^>]*data-action="certificate_issue"', html.content.decode())
    # The generic form page no longer issues it: only the check page does.
    generic = reverse("staff:case-action", args=[declined.reference, "certificate_issue"])
    assert as_persona("provider_staff").get(generic).status_code == 404


def test_the_check_page_shows_what_the_certificate_will_say_and_who_gets_it(declined, as_persona):
    response = as_persona("provider_staff").get(
        reverse("staff:certificate-check", args=[declined.reference])
    )
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Check before you issue the certificate" in text
    assert "Certificate Mediation advice given; mediation declined" in text
    assert "Decision not to carry out an EHC needs assessment, letter dated" in text
    assert "Issues Refusal to carry out an EHC needs assessment" in text
    assert "Date of issue Wednesday 10 April 2024" in text
    # 2 months after the 1 March letter (1 May) or 1 month after issue (10 May): the later.
    assert "Appeal deadline printed 5pm on Friday 10 May 2024" in text
    assert "Alex Example (parent or carer), by email to alex@example.test" in text
    preview = certificate_preview(declined, on=dt.date(2024, 4, 10))
    assert preview.appeal_deadline == dt.date(2024, 5, 10)


def test_changing_the_date_of_issue_shows_its_deadline(declined, as_persona):
    url = reverse("staff:certificate-check", args=[declined.reference])
    response = as_persona("provider_staff").get(url, {"on_0": "9", "on_1": "4", "on_2": "2024"})
    text = text_of(response.content.decode())
    assert "Date of issue Tuesday 9 April 2024" in text
    assert "5pm on Thursday 9 May 2024" in text


def test_issuing_from_the_check_page_issues_once_with_the_deadline_shown(declined, as_persona):
    client = as_persona("provider_staff")
    url = reverse("staff:certificate-check", args=[declined.reference])
    data = {"on_0": "10", "on_1": "4", "on_2": "2024", "submission_key": "c" * 32}
    first = client.post(url, data, follow=True)
    second = client.post(url, data)
    assert first.redirect_chain[-1][0] == reverse("staff:case", args=[declined.reference])
    assert "Issued the mediation certificate" in first.content.decode()
    assert "The family was sent an email." in first.content.decode()
    (certificate,) = Certificate.objects.filter(case=declined)
    assert certificate.appeal_deadline == dt.date(2024, 5, 10)
    assert certificate.issued_on == dt.date(2024, 4, 10)
    # Once issued, the check page is no longer offered, but a resent form is a repeat.
    assert second.status_code == 302  # answered as the first: the case page
    assert Certificate.objects.filter(case=declined).count() == 1


def test_a_family_without_contact_details_is_told_by_post(world, as_persona, time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, email="", phone="", preferred_channel="letter")
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 8))
    response = as_persona("provider_staff").get(
        reverse("staff:certificate-check", args=[case.reference])
    )
    assert "No one automatically" in text_of(response.content.decode())


@pytest.mark.parametrize("persona", ["la_officer", "other_provider"])
def test_only_those_who_may_issue_see_the_check_page(declined, as_persona, persona):
    url = reverse("staff:certificate-check", args=[declined.reference])
    assert as_persona(persona).get(url).status_code == 404


def test_a_date_in_the_future_is_an_error_on_the_date(declined, as_persona):
    url = reverse("staff:certificate-check", args=[declined.reference])
    response = as_persona("provider_staff").post(
        url, {"on_0": "1", "on_1": "5", "on_2": "2024", "submission_key": "d" * 32}
    )
    assert response.status_code == 400
    assert 'href="#id_on_0"' in response.content.decode()
    assert 'id="id_on_0"' in response.content.decode()
    assert not Certificate.objects.filter(case=declined).exists()
