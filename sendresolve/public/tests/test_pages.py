from unittest import mock

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_start_page_uses_the_govuk_layout(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" class="govuk-template' in html
    assert 'class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert "/static/app.css" in html
    assert '<h1 class="govuk-heading-xl">Help when you disagree' in html


def test_pages_load_no_assets_from_other_sites(client):
    html = client.get("/").content.decode()
    assert "cdn" not in html.lower()
    assert "https://" not in html.split("<body")[0]


def test_healthz_reports_the_database_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}


def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch(
        "sendresolve.public.views.connection.cursor", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {
        "status": "error",
        "vendor": mock.ANY,
        "error": "OperationalError",
    }


def test_the_benchmark_floor_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/floor")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ok\n"


def test_contacts_page_shows_the_commissioned_provider(world, client):
    response = client.get("/contacts/302/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alpha Mediation" in html
    assert "Beta Mediation" not in html
    assert "020 7946 0000" in html


def test_contacts_picker_redirects_to_the_chosen_council(world, client):
    response = client.get("/contacts/", {"local_authority": "882"})
    assert response.status_code == 302
    assert response["Location"] == "/contacts/882/"


def test_contacts_for_an_unknown_council_is_404(world, client):
    assert client.get("/contacts/999/").status_code == 404


def test_contact_details_are_escaped(world, client):
    world.provider.email = 'x"><script>alert(1)</script>@example.test'
    world.provider.save()
    html = client.get("/contacts/302/").content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("value", ["", "999", "30\x00", "abc"])
def test_contacts_picker_without_a_real_council_shows_an_error(world, client, value):
    response = client.get("/contacts/", {"local_authority": value})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Choose the council" in html


@pytest.mark.parametrize(
    "path",
    [
        "/contacts/30%00/",
        "/staff/local-authorities/%00/",
        "/staff/cases/%00/",
        "/api/v1/cases/SR-%00",
    ],
)
def test_malformed_identifiers_are_404_before_any_query(world, client, path):
    client.force_login(world.users["administrator"])
    assert client.get(path).status_code == 404
