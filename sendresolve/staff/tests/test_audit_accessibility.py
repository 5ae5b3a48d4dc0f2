"""axe-core in headless Chromium on the audit trail page: the list and its errors."""

import datetime as dt

import pytest

from sendresolve.audit.services import audit_record
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import MembershipFactory, UserFactory
from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audit_page_is_accessible(world, live_server, page):
    from conftest import PASSWORD

    manager = UserFactory(username="manager@alpha.test")
    MembershipFactory(user=manager, role=Role.PROVIDER_MANAGER, provider=world.provider)
    for n in range(3):
        audit_record(
            actor=world.users["provider_staff"],
            action="case.read.page",
            local_authority=world.local_authority,
            provider=world.provider,
            detail={"n": n, "on": dt.date(2025, 1, 6).isoformat()},
        )
    sign_in(page, live_server.url, "manager@alpha.test", PASSWORD)

    page.click("a:has-text('Audit trail')")
    page.wait_for_selector("h1:has-text('Audit trail')")
    assert page.locator("tbody tr").count() == 3
    violations = axe_violations(page)
    screenshot(page, "staff-audit")
    assert violations == [], describe(violations)

    page.fill("#id_case_reference", "not a reference")
    page.click("button:has-text('Filter events')")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error: ")
    violations = axe_violations(page)
    screenshot(page, "staff-audit-errors")
    assert violations == [], describe(violations)
