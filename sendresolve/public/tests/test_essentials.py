"""The service essentials: the privacy notice, the cookies page and the accessibility statement,
and the footer links to them on family and staff pages."""

import re

import pytest
from django.core.cache import cache

from conftest import PASSWORD
from sendresolve.public.essentials import cookies_set
from sendresolve.public.family import links
from sendresolve.public.tests import test_family_request as request_journey
from sendresolve.public.tests import test_finder_scenarios as finder_journey
from sendresolve.retention.policy import retention_policy
from sendresolve.staff.tests.otp import authenticator, code_for

pytestmark = pytest.mark.django_db

ESSENTIALS = ("/privacy/", "/cookies/", "/accessibility/")


def footer(html: str) -> str:
    return html[html.index('class="govuk-footer"') :]


def links_in(html: str) -> set[str]:
    return set(re.findall(r'href="([^"?#]*)', html))


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
        ("/accessibility/", "Accessibility statement"),
    ],
)
def test_each_page_answers_with_its_heading(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert client.post(path).status_code == 405


@pytest.mark.parametrize("path", ["/", "/contacts/", "/find/council/", "/another-format/"])
def test_the_footer_of_family_pages_links_to_the_essentials(world, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(ESSENTIALS) <= links_in(footer(response.content.decode()))


def test_the_footer_of_staff_pages_links_to_the_essentials(world, client):
    expected = {"/privacy/", "/accessibility/", "/staff/privacy/", "/staff/cookies/"}
    expected |= {"/staff/accessibility/"}
    assert expected <= links_in(footer(client.get("/staff/").content.decode()))
    client.force_login(world.users["provider_staff"])
    for path in ("/staff/", "/staff/organisations/", "/staff/cookies/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert expected <= links_in(footer(response.content.decode())), path


def test_the_privacy_notice_shows_the_retention_policy_in_force(client, settings):
    html = client.get("/privacy/").content.decode()
    policy = retention_policy()
    assert f"{policy['cases'].years} years after the case closed" in html
    assert f"Deleted {policy['feedback'].years} years after it was given." in html

    settings.SENDRESOLVE_RETENTION = {"cases": {"years_after_closure": 9, "until_age": 25}}
    html = client.get("/privacy/").content.decode()
    assert "9 years after the case closed, and not before the child would be 25" in html


def test_the_privacy_notice_names_the_lawful_bases_and_sharing_by_stage(client):
    html = client.get("/privacy/").content.decode()
    for words in ("Article 6(1)(e)", "Article 6(1)(c)", "Article 9(2)(g)", "Article 9(2)(h)"):
        assert words in html
    assert "Schedule 1" in html
    assert "You ask only for advice" in html
    assert "integrated care board" in html
    assert "subject access request" in html


def test_the_accessibility_statement_links_another_format_and_the_ehrc(client):
    html = client.get("/accessibility/").content.decode()
    assert "WCAG" in html and "2.2" in html
    assert 'href="/another-format/"' in html
    assert "Equality and Human Rights Commission" in html


def listed_cookies(html: str) -> set[str]:
    table = html[html.index('id="cookies"') : html.index("</table>", html.index('id="cookies"'))]
    return set(re.findall(r"<code>([^<]+)</code>", table))


def test_both_cookie_pages_list_every_cookie_named_in_settings(world, client):
    names = {cookie.name for cookie in cookies_set()}
    assert listed_cookies(client.get("/cookies/").content.decode()) == names
    assert listed_cookies(client.get("/staff/cookies/").content.decode()) == names


def test_every_cookie_the_family_journey_and_staff_sign_in_set_is_listed(
    world, client, monkeypatch, time_machine
):
    """Walks the route finder, the advice page, a request, the status page, the footer's
    pages and the staff sign-in, and collects every Set-Cookie name."""
    seen: set[str] = set()
    send = client.request

    def recording(**request):
        response = send(**request)
        seen.update(response.cookies.keys())
        return response

    monkeypatch.setattr(client, "request", recording)
    cache.clear()

    scenario = finder_journey.SCENARIOS[0]
    time_machine.move_to(finder_journey.moment(scenario), tick=False)
    client.get("/")
    finder_journey.walk(client, scenario)
    assert client.get("/find/check-your-answers/").status_code == 200
    assert client.get("/find/what-you-can-do/").status_code == 200

    time_machine.move_to(request_journey.TODAY, tick=False)
    request_journey.walk(client, request_journey.answers_for("mediation_advice"))
    case = request_journey.send(client)
    assert client.get("/request/sent/").status_code == 200
    assert client.get(f"/your-case/{links.token_for(case)}/").status_code == 200
    for path in ("/feedback/", "/another-format/", "/contacts/", *ESSENTIALS):
        client.get(path)

    device = authenticator(world.users["provider_staff"])
    password = client.post("/staff/", {"username": "adviser@alpha.test", "password": PASSWORD})
    signed_in = client.post(password["Location"], {"code": code_for(device)}, follow=True)
    assert "Work queue" in signed_in.content.decode()
    client.post("/staff/sign-out/")

    listed = listed_cookies(client.get("/cookies/").content.decode())
    assert {"sessionid", "csrftoken", "sendresolve_finder"} <= seen  # the walk reached them
    assert seen - listed == set(), f"cookies set but not on /cookies/: {sorted(seen - listed)}"


def test_the_privacy_notice_gives_survey_and_complaint_retention(client, settings):
    html = client.get("/privacy/").content.decode()
    assert "Your comments are deleted 1 year after you gave them" in html
    assert "Deleted 90 days after the link stopped working." in html
    assert "is removed 6 years after we answered it" in html
    settings.SENDRESOLVE_RETENTION = {"survey_invitations": {"days": 60}}
    assert (
        "Deleted 60 days after the link stopped working."
        in client.get("/privacy/").content.decode()
    )
