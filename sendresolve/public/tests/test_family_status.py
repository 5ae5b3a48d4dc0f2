"""The family's status link, certificates through it, and asking for a new link."""

import datetime as dt

import pytest
from django.core import signing
from django.core.cache import cache

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import Certificate
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage
from sendresolve.public.family import links
from sendresolve.public.family.status import STATUS_SENTENCES, status_sentence
from sendresolve.tribunal.services import RecommendationInput, tribunal_decision_record

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 3, 11, 10, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def pinned(time_machine):
    cache.clear()
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def case(world):
    return open_case(world, phone="07700 900982")


def status_url(case) -> str:
    return f"/your-case/{links.token_for(case)}/"


def test_the_status_page_shows_status_dates_and_contacts_in_plain_words(world, client, case):
    world.provider.phone = "020 7946 0000"
    world.provider.save()
    response = client.get(status_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html
    assert "Someone from Alpha Mediation will contact you" in html
    assert "Last day to appeal to the tribunal" in html
    assert "5pm on Wednesday 1 May 2024" in html
    assert "020 7946 0000" in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_the_status_page_hides_confidential_notes_and_staff_names(world, client, case):
    staff = world.users["provider_staff"]
    staff.first_name, staff.last_name = "Priya", "Adviserson"
    staff.save()
    services.case_assign(actor=staff, case=case, assignee=staff)
    services.note_add(actor=staff, case=case, text="Mother seemed very anxious SECRET-NOTE")
    html = client.get(status_url(case)).content.decode()
    assert "SECRET-NOTE" not in html
    assert "Adviserson" not in html
    assert staff.username not in html


def test_every_status_has_a_plain_sentence(world, case):
    assert set(STATUS_SENTENCES) == set(Status)
    for status in Status:
        case.status = status
        assert status_sentence(case)


def test_reading_the_status_page_is_audited(world, client, case):
    client.get(status_url(case))
    event = AuditEvent.objects.get(action="family.status.read")
    assert event.object_id == str(case.pk)
    assert event.actor is None
    assert event.local_authority == world.local_authority
    assert event.provider == world.provider


def test_an_expired_link_explains_and_offers_a_new_one(world, client, case, time_machine):
    url = status_url(case)
    time_machine.move_to(NOW + dt.timedelta(days=14, minutes=1), tick=False)
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link has expired" in html
    assert "/your-case/new-link/" in html
    assert case.reference not in html


def test_a_link_still_works_on_its_last_day(world, client, case, time_machine):
    url = status_url(case)
    time_machine.move_to(NOW + dt.timedelta(days=13, hours=23), tick=False)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "nonsense",
    ],
)
def test_a_tampered_link_is_404(world, client, case, mangle):
    response = client.get(f"/your-case/{mangle(links.token_for(case))}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_link_forged_for_another_reference_is_404(world, client, case):
    other = open_case(world, child_name="Other Child")
    forged = signing.TimestampSigner(salt="wrong-salt").sign_object(
        {"r": other.reference, "f": "0" * 20}
    )
    assert client.get(f"/your-case/{forged}/").status_code == 404
    # The right salt without the case's fingerprint does not work either.
    forged = signing.TimestampSigner(salt=links.SALT).sign_object(
        {"r": other.reference, "f": "0" * 20}
    )
    assert client.get(f"/your-case/{forged}/").status_code == 404


def test_a_link_stops_working_when_the_contact_details_change(world, client, case):
    url = status_url(case)
    case.email = "new@example.test"
    case.save()
    assert client.get(url).status_code == 404


def issue_certificate(world, case) -> Certificate:
    case.status = Status.CERTIFICATE_ISSUED
    case.save()
    return Certificate.objects.create(
        case=case,
        number="MC-2024-ABCDEF",
        kind=Certificate.Kind.DECLINED,
        issued_on=dt.date(2024, 3, 11),
        issued_by=world.users["provider_staff"],
        appeal_deadline=dt.date(2024, 5, 1),
        appeal_deadline_rule="rule",
        pdf=b"%PDF-1.7 certificate",
    )


def test_a_certificate_downloads_through_the_link_and_is_audited(world, client, case):
    certificate = issue_certificate(world, case)
    token = links.token_for(case)
    html = client.get(f"/your-case/{token}/").content.decode()
    href = f"/your-case/{token}/certificates/{certificate.number}.pdf"
    assert href in html
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7 certificate"
    assert AuditEvent.objects.filter(action="family.certificate.download").count() == 1


def test_another_cases_certificate_is_404_through_this_link(world, client, case):
    other = open_case(world, child_name="Other Child")
    certificate = issue_certificate(world, other)
    token = links.token_for(case)
    assert (
        client.get(f"/your-case/{token}/certificates/{certificate.number}.pdf").status_code == 404
    )


def test_a_certificate_link_expires_with_the_status_link(world, client, case, time_machine):
    certificate = issue_certificate(world, case)
    href = f"/your-case/{links.token_for(case)}/certificates/{certificate.number}.pdf"
    time_machine.move_to(NOW + dt.timedelta(days=15), tick=False)
    assert client.get(href).status_code == 410


# -- a new link ---------------------------------------------------------------------------------


def ask(client, reference, contact, ip="192.0.2.1"):
    return client.post(
        "/your-case/new-link/", {"reference": reference, "contact": contact}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize(
    ("contact", "channel"),
    [("alex@example.test", "email"), ("ALEX@example.test", "email"), ("+44 7700 900982", "sms")],
)
def test_matching_details_send_a_new_link(world, client, case, contact, channel):
    response = ask(client, case.reference.lower(), contact)
    assert response["Location"] == "/your-case/new-link/sent/"
    message = OutboxMessage.objects.get(template="status_link")
    assert message.channel == channel
    url = next(word for word in message.body.split() if "/your-case/" in word)
    assert client.get(url.replace("http://testserver", "")).status_code == 200


@pytest.mark.parametrize("contact", ["someone@example.test", "07700 900000"])
def test_details_that_do_not_match_look_the_same_and_send_nothing(world, client, case, contact):
    response = ask(client, case.reference, contact)
    assert response["Location"] == "/your-case/new-link/sent/"
    assert not OutboxMessage.objects.filter(template="status_link").exists()


def test_an_unknown_reference_looks_the_same_and_sends_nothing(world, client, case):
    response = ask(client, "SR-2222-2222", "alex@example.test")
    assert response["Location"] == "/your-case/new-link/sent/"
    assert not OutboxMessage.objects.filter(template="status_link").exists()
    html = client.get("/your-case/new-link/sent/").content.decode()
    assert "If the details you gave match a case" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "", "contact": "a@example.test"}, "Enter your case reference"),
        ({"reference": "12", "contact": "a@example.test"}, "like SR-7K3M-Q9XD"),
        ({"reference": "SR-2222-2222", "contact": ""}, "Enter the email address or phone"),
    ],
)
def test_a_new_link_form_with_errors_keeps_what_was_typed(world, client, data, message):
    response = client.post("/your-case/new-link/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and message in html
    for value in data.values():
        if value:
            assert f'value="{value}"' in html


def test_after_the_tribunal_the_family_sees_what_the_council_owes_and_by_when(world, client, case):
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    tribunal_decision_record(
        actor=adviser,
        case=case,
        outcome="order",
        decided_on=dt.date(2024, 3, 8),
        orders=["make_plan"],
        recommendations=[RecommendationInput("social_care", "An assessment for short breaks")],
    )
    html = client.get(status_url(case)).content.decode()
    assert "The tribunal has made its decision" in html
    # Fri 8 Mar 2024 + 5 weeks = Fri 12 Apr; + 11 weeks = Fri 24 May (reg 44(2)(c)).
    assert "The council must send the draft plan by" in html
    assert "Friday 12 April 2024" in html
    assert "Friday 24 May 2024" in html
    assert "written reply to the tribunal" in html
