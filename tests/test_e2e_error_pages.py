"""Error pages in headless Chromium (issue 20): a page not found, an expired status link and a
form sent after its page timed out each show a GOV.UK page, axe clean, with a way forward."""

import datetime as dt

import pytest
import time_machine

from sendresolve.cases.tests.factories import open_case
from sendresolve.core import clock
from sendresolve.public.family import links
from tests.browser import axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str, h1: str) -> None:
    assert page.inner_text("h1") == h1
    violations = axe_violations(page)
    screenshot(page, f"error-{name}")
    assert not violations, describe(violations)


def test_error_pages_show_the_way_forward(world, live_server, page):
    base = live_server.url

    response = page.goto(base + "/no-such-page/")
    assert response is not None and response.status == 404
    check(page, "not-found", "Page not found")
    with page.expect_navigation():
        page.click("[data-way-forward]")
    assert page.url == base + "/"

    response = page.goto(base + "/staff/no-such-page/")
    assert response is not None and response.status == 404
    check(page, "staff-not-found", "Page not found")
    assert page.get_by_role("link", name="Go to your work queue").get_attribute("href") == "/staff/"

    case = open_case(world, email="sam@example.test")
    with time_machine.travel(clock.now() - dt.timedelta(days=links.link_days() + 1)):
        old = links.token_for(case)
    response = page.goto(base + f"/your-case/{old}/")
    assert response is not None and response.status == 410
    check(page, "link-expired", "This link has expired")
    with page.expect_navigation():
        page.click("[data-way-forward]")
    assert page.url == base + "/your-case/new-link/"

    # The page's CSRF cookie is gone (the session timed out, say) when the form is sent.
    page.goto(base + "/feedback/")
    page.context.clear_cookies()
    with page.expect_navigation():
        page.click("main button.govuk-button")
    check(page, "csrf", "Sorry, you’ll need to start again")
    with page.expect_navigation():
        page.click("[data-way-forward]")
    assert page.url == base + "/"
