"""The quality pages and the survey in headless Chromium: no axe-core violations, errors and
the unavailable link included."""

import datetime as dt

import pytest

from sendresolve.quality import complaints, services
from sendresolve.quality.models import Respondent, SurveyInvitation
from sendresolve.quality.survey import token_digest
from sendresolve.quality.tests.helpers import concluded, quality_people
from sendresolve.tenancy.models import Commission
from tests.browser import axe_violations, describe, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOKEN = "a-survey-token-for-the-browser-test-0123456789"


def test_quality_pages_and_the_survey_are_accessible(world, live_server, page):
    from sendresolve.core import clock

    people = quality_people(world)
    today = clock.today()
    case = concluded(
        world,
        opened_on=today - dt.timedelta(days=20),
        held_on=today - dt.timedelta(days=5),
    )
    commission = Commission.objects.get(
        provider=world.provider, local_authority=world.local_authority
    )
    services.targets_set(
        actor=people["manager"],
        commission_id=commission.pk,
        certificates_on_time=95,
        held_within_30_days=90,
        agreement_rate=50,
    )
    complaint, _ = complaints.complaint_record(
        actor=people["manager"],
        provider_id=world.provider.pk,
        complainant="family",
        received_on=today - dt.timedelta(days=60),
        summary="The meeting room changed without notice.",
    )
    SurveyInvitation.objects.create(
        case=case,
        provider=world.provider,
        local_authority=world.local_authority,
        respondent=Respondent.FAMILY,
        token_digest=token_digest(TOKEN),
        expires_at=clock.now() + dt.timedelta(days=30),
    )
    checks = []
    # The survey first (no account), then the manager's pages.
    for name, path, submit in (
        ("survey", f"/survey/{TOKEN}/", False),
        ("survey-errors", f"/survey/{TOKEN}/", True),
        ("survey-unknown", "/survey/not-a-link-we-sent-anyone-at-all/", False),
        ("survey-thanks", "/survey/thank-you/", False),
    ):
        page.goto(live_server.url + path)
        if submit:
            page.click("button:has-text('Send your answers')")
            assert page.locator(".govuk-error-summary").is_visible()
        checks.append((name, axe_violations(page)))
        screenshot(page, name)
    sign_in(page, live_server.url, people["manager"].username)
    for name, path, submit in (
        ("quality", "/staff/quality/", None),
        ("quality-targets", f"/staff/quality/targets/{commission.pk}/", None),
        ("quality-complaints", "/staff/quality/complaints/", None),
        ("quality-complaint-new-errors", "/staff/quality/complaints/new/", "Record the complaint"),
        ("quality-complaint", f"/staff/quality/complaints/{complaint.pk}/", None),
        ("reports-with-targets", "/staff/reports/", None),
    ):
        page.goto(live_server.url + path)
        if submit:
            page.click(f"button:has-text('{submit}')")
            assert page.locator(".govuk-error-summary").is_visible()
        assert page.locator("h1").count() == 1, name
        checks.append((name, axe_violations(page)))
        screenshot(page, name)
        if name == "quality":
            assert page.locator("[data-rag]").count() == 3
        if name == "quality-complaints":
            assert page.locator(".govuk-tag.govuk-tag--red").inner_text() == "Overdue"
    for name, violations in checks:
        assert violations == [], f"{name}: {describe(violations)}"
