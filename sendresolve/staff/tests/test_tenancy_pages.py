"""Personas against the tenant-scoped staff pages: allowed, or 404 (never 403)."""

import pytest

LA_PAGE = "/staff/local-authorities/302/"
OTHER_LA_PAGE = "/staff/local-authorities/882/"
PROVIDER_PAGE = "/staff/providers/alpha-mediation/"


@pytest.mark.parametrize(
    ("persona", "la", "other_la", "provider"),
    [
        ("provider_staff", 200, 404, 200),
        ("colleague", 200, 404, 200),
        ("other_provider", 404, 200, 404),
        ("la_officer", 200, 404, 404),
        ("other_la", 404, 200, 404),
        ("icb_officer", 200, 404, 404),
        ("administrator", 200, 200, 200),
    ],
)
def test_staff_pages_are_scoped_to_the_personas_tenants(
    as_persona, persona, la, other_la, provider
):
    client = as_persona(persona)
    assert client.get(LA_PAGE).status_code == la
    assert client.get(OTHER_LA_PAGE).status_code == other_la
    assert client.get(PROVIDER_PAGE).status_code == provider


@pytest.mark.parametrize("path", [LA_PAGE, OTHER_LA_PAGE, PROVIDER_PAGE])
def test_anonymous_visitors_are_sent_to_sign_in(as_persona, path):
    response = as_persona("anonymous").get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/?next=")


def test_la_page_shows_its_commissioned_provider(as_persona):
    html = as_persona("la_officer").get(LA_PAGE).content.decode()
    assert "Alpha Mediation" in html
    assert "Beta Mediation" not in html


def test_a_missing_la_and_another_tenants_la_look_the_same(as_persona):
    client = as_persona("la_officer")
    missing = client.get("/staff/local-authorities/999/")
    forbidden = client.get(OTHER_LA_PAGE)
    assert missing.status_code == forbidden.status_code == 404
