"""The agreement on the staff pages, the family's status page and the API, persona by persona:
the provider words and issues it; LA and health officers see issued versions only, never a
draft, and confirm receiving them; the family downloads it and the summary of issues still in
dispute and confirms; other providers find nothing; no confidential note anywhere."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sendresolve.agreements import services
from sendresolve.agreements.models import AgreementDocument, AgreementReceipt
from sendresolve.agreements.tests.conftest import SECRET
from sendresolve.agreements.tests.helpers import draft_save, pdf_text
from sendresolve.api.services import api_token_create
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case, CaseEvent
from sendresolve.public.family.links import token_for
from sendresolve.verification.models import VerificationCode

pytestmark = pytest.mark.django_db

DRAFT_WORDS = "DRAFT-WORDING-NOT-YET-ISSUED"


def api_as(user) -> APIClient:
    client = APIClient()
    _, token = api_token_create(actor=None, user=user, name="agreement tests")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def issued_then_redrafted(world, concluded, mediator):
    """Version 1 issued; version 2 drafted, not issued. The ICB leads on health."""
    Case.objects.filter(pk=concluded.pk).update(commissioning_body=world.commissioning_body)
    concluded.refresh_from_db()
    draft_save(mediator, concluded)
    first = services.agreement_issue(actor=mediator, case=concluded)
    draft_save(mediator, concluded, intro=DRAFT_WORDS)
    return concluded, first


def test_the_mediator_words_the_agreement_with_an_error_summary_then_issues_it(
    as_persona, concluded
):
    client = as_persona("colleague")
    edit = reverse("staff:agreement-edit", args=[concluded.reference])
    page = client.get(edit)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Speech and language therapy weekly" in html and "SECRET-NOTE" not in html
    issues = list(concluded.issues.order_by("id"))
    form = {
        "intro": "Agreed by everyone at mediation.",
        "closing": "Signed on the day.",
        "submission_key": "a" * 32,
        **{f"section-{issue.pk}": "Agreed." for issue in issues},
    }
    form[f"section-{issues[1].pk}"] = ""
    refused = client.post(edit, form)
    assert refused.status_code == 400
    assert "There is a problem" in refused.content.decode()
    assert f'href="#id_section-{issues[1].pk}"' in refused.content.decode()
    form[f"section-{issues[1].pk}"] = "Partly agreed: weekly, not daily."
    form["submission_key"] = "b" * 32
    for _ in range(2):  # a double click saves once
        saved = client.post(edit, form)
        assert saved.status_code == 302
    assert CaseEvent.objects.filter(case=concluded, type="agreement_drafted").count() == 1
    agreement_page = client.get(reverse("staff:agreement", args=[concluded.reference]))
    assert "Partly agreed: weekly, not daily." in agreement_page.content.decode()
    preview = client.get(reverse("staff:agreement-draft-pdf", args=[concluded.reference]))
    assert "Draft for checking" in pdf_text(preview.content)
    issue_url = reverse("staff:agreement-issue", args=[concluded.reference])
    assert client.post(issue_url, {"submission_key": "c" * 32}).status_code == 302
    document = AgreementDocument.objects.get(case=concluded)
    assert document.state == "issued"
    pdf = client.get(reverse("staff:agreement-pdf", args=[concluded.reference, document.number]))
    assert pdf["Content-Disposition"] == f'attachment; filename="{document.number}.pdf"'
    assert "14 February 2025" in pdf_text(pdf.content)
    # The preview and the issued version: each download audited.
    assert AuditEvent.objects.filter(action="case.agreement.download").count() == 2


@pytest.mark.parametrize("persona", ["adviser", "coordinator"])
def test_an_adviser_sees_the_agreement_but_does_not_word_it(
    as_persona, role_personas, concluded, persona
):
    client = as_persona(persona)  # holding that role only (provider_staff also manages)
    assert client.get(reverse("staff:agreement", args=[concluded.reference])).status_code == 200
    edit = reverse("staff:agreement-edit", args=[concluded.reference])
    assert client.get(edit).status_code == 404


@pytest.mark.parametrize("persona", ["la_officer", "icb_officer"])
def test_la_and_icb_officers_see_issued_versions_never_a_draft(
    as_persona, world, issued_then_redrafted, persona
):
    case, first = issued_then_redrafted
    client = as_persona(persona)
    page = client.get(reverse("staff:agreement", args=[case.reference]))
    html = page.content.decode()
    assert page.status_code == 200
    assert first.number in html
    assert DRAFT_WORDS not in html and "SECRET-NOTE" not in html
    assert client.get(reverse("staff:agreement-draft-pdf", args=[case.reference])).status_code == (
        404
    )
    assert client.get(reverse("staff:agreement-edit", args=[case.reference])).status_code == 404
    answer = api_as(world.users[persona]).get(
        reverse("api:case-agreement", kwargs={"reference": case.reference})
    )
    assert answer.status_code == 200
    body = answer.json()
    assert [v["version"] for v in body["versions"]] == [1]
    assert body["current"]["number"] == first.number
    assert (
        DRAFT_WORDS not in answer.content.decode() and "SECRET-NOTE" not in answer.content.decode()
    )
    # Confirming receipt, from the agreement page: once, for their own side.
    receipt = reverse("staff:agreement-receipt", args=[case.reference])
    assert client.post(receipt, {"submission_key": "d" * 32}).status_code == 302
    # A second confirmation (a new form) changes nothing.
    assert client.post(receipt, {"submission_key": "e" * 32}).status_code == 302
    party = "local_authority" if persona == "la_officer" else "commissioning_body"
    assert AgreementReceipt.objects.filter(document=first, party=party).count() == 1
    provider_view = as_persona("colleague").get(reverse("staff:agreement", args=[case.reference]))
    assert ("The local authority" if party == "local_authority" else "health") in (
        provider_view.content.decode()
    )


def test_the_provider_sees_the_draft_in_the_api_and_no_confidential_note(
    world, issued_then_redrafted
):
    case, _ = issued_then_redrafted
    answer = api_as(world.users["colleague"]).get(
        reverse("api:case-agreement", kwargs={"reference": case.reference})
    )
    body = answer.json()
    assert [(v["version"], v["state"]) for v in body["versions"]] == [
        (2, "draft"),
        (1, "issued"),
    ]
    assert DRAFT_WORDS in answer.content.decode()
    assert SECRET not in answer.content.decode()
    pdf = api_as(world.users["la_officer"]).get(
        reverse("api:case-issues-in-dispute-pdf", kwargs={"reference": case.reference})
    )
    assert pdf.status_code == 200 and "School or placement" in pdf_text(pdf.content)


def test_another_provider_finds_no_agreement(as_persona, world, issued_then_redrafted):
    case, first = issued_then_redrafted
    client = as_persona("other_provider")
    for url in (
        reverse("staff:agreement", args=[case.reference]),
        reverse("staff:agreement-pdf", args=[case.reference, first.number]),
        reverse("staff:issues-in-dispute-pdf", args=[case.reference]),
    ):
        assert client.get(url).status_code == 404
    api = api_as(world.users["other_provider"])
    for name, kwargs in (
        ("api:case-agreement", {}),
        ("api:case-agreement-pdf", {"agreement_number": first.number}),
    ):
        url = reverse(name, kwargs={"reference": case.reference, **kwargs})
        assert api.get(url).status_code == 404


def test_the_family_downloads_the_agreement_and_summary_and_confirms(client, issued_then_redrafted):
    case, first = issued_then_redrafted
    token = token_for(case)
    status = client.get(reverse("public:family-status", args=[token]))
    html = status.content.decode()
    assert "Your written agreement" in html and first.number in html
    assert "Issues still in dispute" in html
    assert "School or placement named in the plan (section I): not agreed" in html
    assert DRAFT_WORDS not in html and "SECRET-NOTE" not in html
    pdf = client.get(reverse("public:family-agreement", args=[token, first.number]))
    assert pdf.status_code == 200 and "Share the latest OT report" in pdf_text(pdf.content)
    summary = client.get(reverse("public:family-issues-in-dispute", args=[token]))
    assert "Special educational needs in the plan (section B)" in pdf_text(summary.content)
    assert AuditEvent.objects.filter(action="family.agreement.download").count() == 2
    confirm = reverse("public:family-agreement-received", args=[token])
    assert client.get(confirm).status_code == 200
    for _ in range(2):  # a double click confirms once
        assert client.post(confirm, {"submission_key": "f" * 32}).status_code == 302
    assert AgreementReceipt.objects.filter(document=first, party="family").count() == 1
    again = client.get(reverse("public:family-status", args=[token])).content.decode()
    assert "You confirmed you received it on" in again
    # A link for another case opens nothing of this one.
    other = client.get(reverse("public:family-agreement", args=["not-a-link", first.number]))
    assert other.status_code == 404


def test_verify_says_an_agreement_is_genuine_or_superseded(client, world, concluded, mediator):
    def checked(number):
        code = VerificationCode.objects.get(number=number).code
        response = client.post(reverse("public:verify"), {"code": code})
        assert response.status_code == 200
        return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())

    draft_save(mediator, concluded)
    first = services.agreement_issue(actor=mediator, case=concluded)
    text = checked(first.number)
    assert "This is a genuine document" in text and "Written agreement, version 1" in text
    assert "Appeal deadline" not in text and "S. L. E." in text
    assert "Sam Lee Example" not in text
    draft_save(mediator, concluded, closing="Corrected closing.")
    second = services.agreement_issue(actor=mediator, case=concluded)
    text = checked(first.number)
    assert "This document has been replaced" in text and second.number in text
    summary = services.issues_summary_get(case=concluded)
    assert "2 issue(s) still in dispute" in checked(summary.number)
