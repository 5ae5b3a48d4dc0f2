"""Error pages outside /api/ are GOV.UK pages in the family or staff layout, each with a way
forward, with DEBUG off; never Django's own (issue 20). /api/ keeps its problems
(api/tests/test_error_pages.py)."""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings

from sendresolve.core import error_pages

URLS = "sendresolve.core.tests.error_urls"
DJANGO_DEFAULTS = (
    "CSRF verification failed",
    "<h1>Not Found</h1>",
    "Server Error (500)",
    "403 Forbidden",
    "Bad Request (400)",
    "DEBUG",
)
TITLES = {
    400: "Sorry, there is a problem with this page",
    403: "You do not have permission to see this page",
    404: "Page not found",
    500: "Sorry, there is a problem with the service",
    "csrf": "Sorry, you’ll need to start again",
}


def assert_govuk_page(response, status, title, *, staff):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    section = "SEND Resolve for staff" if staff else settings.SENDRESOLVE_SERVICE_NAME
    assert re.search(rf"<title[^>]*>\s*{re.escape(title)} – {re.escape(section)}", html), html[:500]
    assert re.search(rf'<h1 class="govuk-heading-l">\s*{re.escape(title)}\s*</h1>', html)
    way_forward = re.search(r'href="([^"]+)"[^>]*data-way-forward', html)
    assert way_forward, "no way forward"
    assert way_forward.group(1) == ("/staff/" if staff else "/")
    # The staff footer, or the family one.
    assert ('href="/staff/privacy/"' in html) is staff
    assert ('href="/contacts/"' in html) is not staff
    for words in (*DJANGO_DEFAULTS, "a broken request", "secret words", "a bug"):
        assert words not in html
    return html


@pytest.fixture
def anon():
    return Client(raise_request_exception=False)


def test_debug_is_off_in_these_tests():
    assert settings.DEBUG is False


@override_settings(ROOT_URLCONF=URLS)
@pytest.mark.django_db
@pytest.mark.parametrize("prefix, staff", [("", False), ("/staff", True)])
@pytest.mark.parametrize(
    "failure, status",
    [("bad-request", 400), ("forbidden", 403), ("missing", 404), ("broken", 500)],
)
def test_each_error_is_a_govuk_page_in_its_layout(anon, prefix, staff, failure, status):
    response = anon.get(f"{prefix}/test-failures/{failure}")
    assert_govuk_page(response, status, TITLES[status], staff=staff)


@override_settings(ROOT_URLCONF=URLS)
@pytest.mark.django_db
@pytest.mark.parametrize("prefix, staff", [("", False), ("/staff", True)])
def test_a_csrf_failure_offers_to_start_again(prefix, staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/test-failures/form", {"answer": "yes"})
    html = assert_govuk_page(response, 403, TITLES["csrf"], staff=staff)
    assert "Start again" in html
    assert "Nothing was sent or changed" in html


@pytest.mark.django_db
def test_a_csrf_failure_on_a_real_family_form_is_the_start_again_page():
    response = Client(enforce_csrf_checks=True).post("/feedback/", {"page": "/"})
    assert_govuk_page(response, 403, TITLES["csrf"], staff=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path, staff", [("/no-such-page/", False), ("/staff/no-such-page/", True)])
def test_an_unknown_address_is_page_not_found(anon, path, staff):
    assert_govuk_page(anon.get(path), 404, TITLES[404], staff=staff)


@pytest.mark.django_db
def test_an_unknown_status_link_path_never_passes_its_secret_on(anon):
    html = anon.get("/your-case/SECRETTOKEN/nothing-here").content.decode()
    assert "SECRETTOKEN" not in html
    assert "?page=/your-case/" in html


@pytest.mark.parametrize("path, staff", [("/request/", False), ("/staff/cases/", True)])
def test_the_500_page_reads_no_database_and_no_user(path, staff):
    # No django_db mark: any query fails the render (and would show the plain fallback).
    request = RequestFactory().get(path)

    class NoUser:
        def __getattr__(self, name):
            raise AssertionError("the 500 page read the user")

    request.user = NoUser()  # type: ignore[assignment]
    response = error_pages.server_error(request)
    assert_govuk_page(response, 500, TITLES[500], staff=staff)


def test_a_page_that_cannot_render_falls_back_to_plain_html(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templates gone")

    monkeypatch.setattr(error_pages, "get_template", broken)
    response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert '<a href="/">Go to the start page</a>' in html
    assert "templates gone" not in html
