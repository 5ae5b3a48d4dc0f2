"""Security headers and the Content Security Policy, as served and as a browser applies them."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import PASSWORD
from sendresolve.cases import services
from sendresolve.cases.tests.factories import open_case
from tests.browser import assert_error_summary_focused, sign_in

ROOT = Path(__file__).resolve().parents[1]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'nonce-*'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (value[0] if value else "") for name, *value in parts}


def nonce_of(header: str) -> str:
    return re.search(r"'nonce-([^']+)'", directives(header)["script-src"]).group(1)


@pytest.mark.django_db
def test_pages_send_the_strict_policy_and_the_inline_script_carries_its_nonce(client):
    response = client.get("/")
    policy = directives(response["Content-Security-Policy"])
    assert {k: re.sub(r"'nonce-[^']+'", "'nonce-*'", v) for k, v in policy.items()} == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    for name, value in HEADERS.items():
        assert response[name] == value, name
    assert "camera=()" in response["Permissions-Policy"]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{nonce_of(response["Content-Security-Policy"])}"']
    # A fresh nonce for every response.
    assert nonce_of(client.get("/")["Content-Security-Policy"]) != nonce_of(
        response["Content-Security-Policy"]
    )


@pytest.mark.django_db
def test_every_response_gets_the_headers_json_pdfs_and_static_files_too(client, world):
    client.force_login(world.users["provider_staff"])
    for path in ("/healthz", "/static/app.css", "/api/v1/docs", "/api/v1/schema?format=json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert "Permissions-Policy" in response, path
    case = open_case(world)
    adviser = world.users["provider_staff"]
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    certificate = services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    pdf = client.get(reverse("staff:certificate", args=[case.reference, certificate.number]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "default-src 'self'" in pdf["Content-Security-Policy"]
    assert pdf["X-Content-Type-Options"] == "nosniff"


def case_url(case) -> str:
    return reverse("staff:case", args=[case.reference])


@pytest.mark.django_db
def test_status_link_pages_send_no_referrer(client):
    response = client.get("/your-case/not-a-real-link/")
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_ssl_redirect_spares_only_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


def test_no_page_template_uses_inline_styles_or_scripts():
    """style-src 'self' blocks style="" attributes and <style>; script-src blocks inline code.

    The certificate, letter and advice templates under documents/, the posted letter's
    covering page and the invoice are only ever rendered to PDF by WeasyPrint, never served as
    HTML, so they may style inline.
    """
    pdf_only = {
        ROOT / "sendresolve/notifications/jinja2/notifications/letter.html",
        ROOT / "sendresolve/billing/jinja2/billing_documents/invoice.html",
    }
    offenders = []
    templates = [
        path
        for path in (ROOT / "sendresolve").rglob("jinja2/**/*.html")
        if "documents" not in path.parts and path not in pdf_only
    ]
    assert len(templates) > 20  # the scan sees the page templates
    for path in templates:
        text = path.read_text()
        for pattern in (
            r"\sstyle=",
            r"<style",
            r"\son[a-z]+=",
            r"javascript:",
            r"<script(?![^>]*src=)",
        ):
            if re.search(pattern, text, re.IGNORECASE):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


# -- in the browser --------------------------------------------------------------------------

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const blocked = e.blockedURI || "inline";
  window.cspViolation(`${e.violatedDirective} blocked ${blocked} on ${e.documentURI}`);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_in_the_browser_with_no_policy_violations_and_gov_uk_frontend_started(
    world, live_server, page
):
    violations: list[str] = []
    page.expose_function("cspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    base = live_server.url
    visited = []

    def check(name: str) -> None:
        page.wait_for_load_state("load")
        state = page.evaluate(
            """() => ({
              classes: [...document.body.classList],
              modules: document.querySelectorAll("[data-module]").length,
              notStarted: [...document.querySelectorAll("[data-module]")]
                .filter((e) => !e.hasAttribute(`data-${e.dataset.module}-init`))
                .map((e) => e.dataset.module),
            })"""
        )
        assert "js-enabled" in state["classes"], name
        assert "govuk-frontend-supported" in state["classes"], name
        assert state["modules"] > 0, name
        assert state["notStarted"] == [], name
        visited.append(name)

    page.goto(base + "/")
    check("start page")
    page.click("a.govuk-button--start")
    check("route finder question")
    page.click("main form button.govuk-button")  # nothing chosen: the error summary
    assert_error_summary_focused(page)
    check("route finder error")
    page.goto(base + "/request/")
    check("online request")
    page.goto(base + "/staff/")
    check("staff sign-in")
    sign_in(page, base, "adviser@alpha.test")
    check("work queue")
    page.goto(base + case_url(case))
    check("case")
    page.goto(
        base + "/staff/reports/?date_from_0=1&date_from_1=1&date_from_2=2024"
        "&date_to_0=31&date_to_1=12&date_to_2=2024"
    )
    assert page.locator("svg.app-chart").count() >= 1
    check("reports with charts")
    page.goto(base + "/staff/local-authorities/302/decision-letter/")
    check("decision letter")
    page.goto(base + "/api/v1/docs")
    check("API docs")
    # Setting up an authenticator app: the QR code is inline SVG, within the policy.
    page.goto(base + "/staff/")
    page.click("button:has-text('Sign out')")
    page.fill("#id_username", "mediator@alpha.test")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("h1:has-text('Set up your authenticator app')")
    check("authenticator set-up")
    assert violations == [], violations
    assert len(visited) == 11
