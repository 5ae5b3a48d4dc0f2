"""Staff pages for requests for another format, and a certificate's Easy Read covering letter."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Certificate
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.feedback import services
from sendresolve.feedback.models import FormatRequest

pytestmark = pytest.mark.django_db
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def requests_made(world, time_machine):
    """One Barnet request made on 1 December 2026 (due 15 December), one on 14 December."""
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=LONDON), tick=False)
    late = services.format_request_record(
        kind="easy_read",
        name="Lee Late",
        email="lee@example.test",
        page="/",
        local_authority=world.local_authority,
    )
    time_machine.move_to(dt.datetime(2026, 12, 14, 10, tzinfo=LONDON), tick=False)
    fresh = services.format_request_record(
        kind="audio",
        name="Fay Fresh",
        phone="07700 900982",
        page="/find/what-you-can-do/",
        local_authority=world.local_authority,
    )
    time_machine.move_to(dt.datetime(2026, 12, 16, 10, tzinfo=LONDON), tick=False)
    return late, fresh


def _row(html: str, pk: int) -> str:
    return html.split(f'data-format-request="{pk}"')[1].split("</tr>")[0]


def test_the_queue_marks_overdue_ones_and_names_the_page(world, as_persona, requests_made):
    late, fresh = requests_made
    html = as_persona("provider_staff").get(reverse("staff:format-requests")).content.decode()
    assert "data-overdue" in _row(html, late.pk)
    assert "data-overdue" not in _row(html, fresh.pk)
    assert "1 overdue" in html
    assert "What you can do (the route finder&#39;s advice)" in _row(html, fresh.pk)
    assert html.index(f'data-format-request="{late.pk}"') < html.index(
        f'data-format-request="{fresh.pk}"'
    )  # soonest deadline first
    assert re.search(r'name="submission_key" value="[0-9a-f]{32}"', _row(html, late.pk))


def test_the_navigation_counts_the_open_ones(world, as_persona, requests_made):
    html = as_persona("provider_staff").get(reverse("staff:home")).content.decode()
    assert 'data-format-requests-count="2"' in html and "Format requests (2)" in html
    other = as_persona("other_provider").get(reverse("staff:home")).content.decode()
    assert "Format requests (0)" in other
    officer = as_persona("la_officer").get(reverse("staff:home")).content.decode()
    assert "Format requests" not in officer  # LA officers answer none


def test_mark_sent_twice_is_done_once(world, as_persona, requests_made):
    late, _ = requests_made
    client = as_persona("provider_staff")
    url = reverse("staff:format-request-sent", args=[late.pk])
    first = client.post(url, {"submission_key": KEY}, follow=True)
    assert "Marked as sent" in first.content.decode()
    second = client.post(url, {"submission_key": KEY}, follow=True)
    assert "done once" in second.content.decode()
    late.refresh_from_db()
    assert late.state == FormatRequest.State.DONE
    assert late.sent_by == world.users["provider_staff"]
    assert AuditEvent.objects.filter(action="feedback.format_request.sent").count() == 1
    html = client.get(reverse("staff:format-requests")).content.decode()
    assert f'data-format-request="{late.pk}"' not in html  # no longer to send
    assert "adviser@alpha.test" in html.split('data-format-requests="sent"')[1]
    assert "Format requests (1)" in html


@pytest.mark.parametrize("persona", ["other_provider", "la_officer"])
def test_others_cannot_mark_it_sent(world, as_persona, requests_made, persona):
    late, _ = requests_made
    url = reverse("staff:format-request-sent", args=[late.pk])
    assert as_persona(persona).post(url, {"submission_key": KEY}).status_code == 404
    late.refresh_from_db()
    assert late.state == FormatRequest.State.NEW


@pytest.fixture
def certificate(world):
    case = open_case(world)
    return Certificate.objects.create(
        case=case,
        number="MC-2024-ER0001",
        kind=Certificate.Kind.DECLINED,
        issued_on=dt.date(2024, 3, 11),
        issued_by=world.users["provider_staff"],
        appeal_deadline=dt.date(2024, 5, 1),
        appeal_deadline_rule="rule",
        pdf=b"%PDF-1.7 certificate",
    )


def test_a_certificates_easy_read_letter_has_its_number_and_deadline(as_persona, certificate):
    case = certificate.case
    client = as_persona("provider_staff")
    page = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    url = reverse("staff:certificate-easy-read", args=[case.reference, certificate.number])
    assert f'href="{url}"' in page
    html = client.get(url).content.decode()
    assert "<strong>MC-2024-ER0001</strong>" in html
    assert "<strong>Wednesday 1 May 2024</strong>" in html
    assert f"<strong>{case.requester_name}</strong>" in html
    assert "openmoji/1F4DC.svg" in html and "data-picture-credit" in html
    assert AuditEvent.objects.filter(action="case.read.certificate_easy_read").count() == 1
    missing = reverse("staff:certificate-easy-read", args=[case.reference, "MC-2024-ZZZZZZ"])
    assert client.get(missing).status_code == 404
