"""Headless Chromium for end-to-end and accessibility tests (Debian's Chromium via Playwright)."""

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "assets" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# WCAG 2.2 AA and everything below it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django must allow that.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page and return its violations (empty when it passes)."""
    # Evaluated, not added as a <script>: the pages' Content Security Policy blocks inline
    # scripts, and the browser tests run under the real policy.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, indent=2)


def sign_in(page, base: str, username: str, password: str | None = None) -> None:
    """Sign in through the staff pages: the password, then the code from the user's
    authenticator app (a test one is given to users who have none), as far as the work queue."""
    from django.contrib.auth import get_user_model

    from conftest import PASSWORD
    from sendresolve.staff.tests.otp import authenticator, code_for

    device = authenticator(get_user_model().objects.get(username=username))
    page.goto(base + "/staff/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("label:has-text('Enter the 6-digit code from your authenticator app')")
    page.fill("#id_code", code_for(device))
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Work queue')")


def assert_error_summary_focused(page, timeout: float = 5000) -> None:
    """The page shows an error summary with the focus on it, as GOV.UK Frontend does once the
    new page's script has run (waited for, up to ``timeout`` ms; a timeout fails the test)."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "document.activeElement.classList.contains('govuk-error-summary')", timeout=timeout
    )
