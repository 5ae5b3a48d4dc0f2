"""Who lists and downloads which document: every persona, on the staff pages, the API and
the family's status page. LA and ICB officers never see provider-only, family-only or
confidential documents."""

import pytest
from django.urls import reverse

from sendresolve.audit.models import AuditEvent
from sendresolve.casefiles import services
from sendresolve.casefiles.models import Visibility
from sendresolve.casefiles.tests.conftest import PDF, upload
from sendresolve.public.family.links import token_for

pytestmark = pytest.mark.django_db

PROVIDER_SIDE = ("provider_staff", "colleague", "administrator")
# A mediator not assigned to the case sees the provider's documents but not confidential
# mediation material (issue 23: only the assigned mediator and managers).
NOT_CONFIDENTIAL = ("colleague",)
PARTIES = ("la_officer", "icb_officer")
OUTSIDERS = ("other_provider", "other_la")
STAFF_PERSONAS = (*PROVIDER_SIDE, *PARTIES, *OUTSIDERS, "anonymous")


@pytest.fixture
def documents(world, case):
    """One document of each visibility, and confidential material shared with the family."""
    made = {}
    for name, visibility, confidential in (
        ("provider", Visibility.PROVIDER, False),
        ("family", Visibility.FAMILY, False),
        ("parties", Visibility.PARTIES, False),
        ("everyone", Visibility.EVERYONE, False),
        ("confidential", Visibility.FAMILY, True),
    ):
        made[name] = services.document_add(
            actor=world.users["provider_staff"],
            case=case,
            upload=upload(PDF + name.encode(), f"{name}.pdf"),
            kind="evidence",
            visibility=visibility,
            confidential=confidential,
        )
    return made


def expected(persona: str) -> set[str]:
    if persona in NOT_CONFIDENTIAL:
        return {"provider", "family", "parties", "everyone"}
    if persona in PROVIDER_SIDE:
        return {"provider", "family", "parties", "everyone", "confidential"}
    if persona in PARTIES:
        return {"parties", "everyone"}
    if persona == "family":
        return {"family", "everyone", "confidential"}
    return set()


def listed(content: bytes, documents) -> set[str]:
    text = content.decode()
    return {name for name, d in documents.items() if f'data-document="{d.pk}"' in text}


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_staff_pages_list_and_serve_only_what_the_persona_may_see(
    as_persona, case, documents, persona
):
    client = as_persona(persona)
    page = client.get(reverse("staff:documents", args=[case.reference]))
    if persona == "anonymous":
        assert page.status_code == 302
    elif persona in OUTSIDERS:
        assert page.status_code == 404
    else:
        assert page.status_code == 200
        assert listed(page.content, documents) == expected(persona)
    for name, document in documents.items():
        response = client.get(reverse("staff:document", args=[case.reference, document.pk]))
        if name in expected(persona):
            assert response.status_code == 200, name
            assert b"".join(response.streaming_content) == PDF + name.encode()
        else:
            assert response.status_code in (302, 404), (name, response.status_code)


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_the_api_lists_and_serves_only_what_the_persona_may_see(api, case, documents, persona):
    client = api(persona)
    response = client.get(reverse("api:case-documents", args=[case.reference]))
    if persona == "anonymous":
        assert response.status_code == 401
    elif persona in OUTSIDERS:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        ids = {item["id"] for item in response.json()}
        assert ids == {documents[name].pk for name in expected(persona)}
    for name, document in documents.items():
        url = reverse("api:case-document-file", args=[case.reference, document.pk])
        response = client.get(url)
        if name in expected(persona):
            assert response.status_code == 200, name
            assert response["Content-Disposition"].startswith("attachment")
        else:
            assert response.status_code in (401, 404), (name, response.status_code)


def test_the_family_page_lists_and_serves_only_what_is_shared_with_the_family(
    client, case, documents
):
    token = token_for(case)
    page = client.get(reverse("public:family-documents", args=[token]))
    assert page.status_code == 200
    assert listed(page.content, documents) == expected("family")
    for name, document in documents.items():
        response = client.get(reverse("public:family-document", args=[token, document.pk]))
        assert response.status_code == (200 if name in expected("family") else 404), name
    # A link we did not issue for this case opens nothing.
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("public:family-documents", args=[forged])).status_code == 404
    url = reverse("public:family-document", args=[forged, documents["everyone"].pk])
    assert client.get(url).status_code == 404


def test_downloads_are_attachments_never_cached_and_audited(as_persona, case, documents):
    document = documents["everyone"]
    client = as_persona("la_officer")
    response = client.get(reverse("staff:document", args=[case.reference, document.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="everyone.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="case.document.download")
    assert event.actor.username == "officer@barnet.test"
    assert event.detail == {"document_id": document.pk, "via": "staff"}
    assert "everyone.pdf" not in str(event.detail)


def test_the_la_timeline_shows_only_documents_shared_with_the_parties(as_persona, case, documents):
    page = as_persona("la_officer").get(reverse("staff:case", args=[case.reference]))
    assert page.status_code == 200
    assert page.content.decode().count("Document added") == 2
    own = as_persona("provider_staff").get(reverse("staff:case", args=[case.reference]))
    assert own.content.decode().count("Document added") == 5
