import pytest
from django.urls import reverse

from conftest import PASSWORD
from sendresolve.staff.tests.otp import authenticator, code_for

pytestmark = pytest.mark.django_db


def test_staff_page_shows_sign_in_to_anonymous_visitors(client):
    response = client.get("/staff/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert 'name="password"' in html


def test_sign_in_with_a_correct_password_and_code_opens_the_work_queue(world, client):
    device = authenticator(world.users["provider_staff"])
    password = client.post("/staff/", {"username": "adviser@alpha.test", "password": PASSWORD})
    assert password["Location"] == "/staff/sign-in/code/"
    response = client.post(password["Location"], {"code": code_for(device)}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Work queue</h1>' in html
    assert "Signed in as <strong>adviser@alpha.test</strong>" in html


def test_the_footer_offers_staff_sign_in_only_on_family_pages(world, client):
    assert ">Staff sign in</a>" in client.get("/").content.decode()
    assert ">Staff sign in</a>" not in client.get("/staff/").content.decode()
    client.force_login(world.users["provider_staff"])
    assert ">Staff sign in</a>" not in client.get("/staff/").content.decode()
    assert ">Staff sign in</a>" not in client.get("/staff/organisations/").content.decode()


FAMILY_WORDING = (
    "SENDIASS",
    "Tell us what you think",
    "Ask for this in another format",
    "Find your local services",
    "Staff sign in",
)


@pytest.mark.parametrize("signed_in", [False, True])
def test_staff_pages_have_staff_chrome_without_family_wording(world, client, signed_in):
    """No family phase banner or footer links on staff pages: the staff footer links to the
    privacy, accessibility and cookies pages for staff, and signing out is in the service
    navigation."""
    if signed_in:
        client.force_login(world.users["provider_staff"])
    html = client.get("/staff/organisations/" if signed_in else "/staff/").content.decode()
    for words in FAMILY_WORDING:
        assert words not in html, words
    footer = html[html.index('class="govuk-footer"') :]
    for name in ("staff:help-privacy", "staff:help-accessibility", "staff:help-cookies"):
        assert f'href="{reverse(name)}"' in footer
    nav = html.split('class="govuk-service-navigation"', 1)[1].split("</section>", 1)[0]
    assert (">Sign out</button>" in nav) is signed_in
    for name in ("staff:help-privacy", "staff:help-accessibility", "staff:help-cookies"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert "SENDIASS" not in page.content.decode()


def test_organisations_page_shows_the_users_roles_and_las(world, client):
    client.force_login(world.users["provider_staff"])
    html = client.get("/staff/organisations/").content.decode()
    assert "Mediation adviser at" in html
    assert "Alpha Mediation" in html
    assert "Barnet" in html
    assert "Southend-on-Sea" not in html


def test_wrong_password_redisplays_the_form_with_an_error_summary(world, client):
    response = client.post("/staff/", {"username": "adviser@alpha.test", "password": "nope"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert 'value="adviser@alpha.test"' in html  # what was typed is kept
    assert "<title>Error: " in html


def test_empty_fields_get_one_error_each(world, client):
    html = client.post("/staff/", {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html
    assert 'href="#id_username"' in html


def test_sign_in_refuses_to_redirect_to_another_site(world, client):
    device = authenticator(world.users["provider_staff"])
    evil = "https://evil.example/"
    response = client.post(
        "/staff/", {"username": "adviser@alpha.test", "password": PASSWORD, "next": evil}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in/code/"
    response = client.post("/staff/sign-in/code/", {"code": code_for(device), "next": evil})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_passwords_are_hashed_with_argon2(world):
    assert world.users["provider_staff"].password.startswith("argon2")


def test_sign_out_needs_post_and_ends_the_session(world, client):
    client.force_login(world.users["provider_staff"])
    assert client.get("/staff/sign-out/").status_code == 405
    client.post("/staff/sign-out/")
    assert "Sign in" in client.get("/staff/").content.decode()
