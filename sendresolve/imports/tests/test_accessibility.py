"""The import pages in headless Chromium: upload, its error summary, "Checking your file", the
check report, "Importing your cases" and the results; no axe-core violations."""

import io
import signal

import pytest
from django.core.management import call_command

from sendresolve.core import clock
from sendresolve.imports.generator import as_xlsx, generate
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory
from tests.browser import (
    assert_error_summary_focused,
    axe_violations,
    describe,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _worker_once() -> None:
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def test_the_import_pages_are_accessible(world, live_server, page, monkeypatch):
    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    generated = generate(rows=12, bad=3, today=clock.today(), local_authorities=["302"], seed=5)
    sign_in(page, live_server.url, manager.username)
    checks = []

    def check(name: str) -> None:
        assert page.locator("h1").count() == 1, name
        checks.append((name, axe_violations(page)))
        screenshot(page, f"import-{name}")

    page.goto(live_server.url + "/staff/provider/import/")
    check("upload")
    page.click("button:has-text('Check the file')")
    assert_error_summary_focused(page)
    check("upload-errors")
    monkeypatch.setattr("sendresolve.imports.views.CHECK_INLINE_BYTES", 1024)  # checked later
    page.set_input_files(
        "#id_file", files=[{"name": "cases.xlsx", "mimeType": XLSX, "buffer": as_xlsx(generated)}]
    )
    page.click("button:has-text('Check the file')")
    page.wait_for_selector("h1:has-text('Checking your file')")
    check("checking")
    _worker_once()
    page.click("a:has-text('Check again')")
    page.wait_for_selector("h1:has-text('Check the file before you import it')")
    check("check-report")
    page.click("button:has-text('Import 9 cases')")
    page.wait_for_selector("h1:has-text('Importing your cases')")
    check("importing")
    _worker_once()
    page.click("a:has-text('Check again')")
    page.wait_for_selector("h1:has-text('Cases imported')")
    check("results")
    for name, violations in checks:
        assert violations == [], f"{name}: {describe(violations)}"
