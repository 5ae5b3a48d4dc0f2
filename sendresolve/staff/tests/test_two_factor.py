"""Staff sign in with a password and then a second factor; repeated failures lock the username."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from sendresolve.api.services import api_token_create
from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Case
from sendresolve.core.clock import LONDON
from sendresolve.core.http import client_ip
from sendresolve.staff import two_factor
from sendresolve.staff.tests.otp import authenticator, code_for, wrong_code_for

pytestmark = pytest.mark.django_db

USERNAME = "adviser@alpha.test"
CODE_URL = "/staff/sign-in/code/"
SET_UP_URL = "/staff/sign-in/set-up/"
NOON = dt.datetime(2025, 3, 12, 12, tzinfo=LONDON)

# A value for each URL parameter, enough to resolve every staff page: the second-factor check
# comes before the view, so nothing needs to exist.
SAMPLE_KWARGS = {
    "dfe_code": "302",
    "slug": "alpha-mediation",
    "reference": "SR-2345-6789",
    "action": "advice",
    "session_id": 1,
    "what": "held",
    "action_id": 1,
    "number": "MC-2024-ABCDEF",
    "party_id": 1,
    "proceeding_id": 1,
    "step_id": 1,
    "recommendation_id": 1,
    "item_id": 1,
    "issue_id": 1,
    "link_id": 1,
    "task_id": 1,
    "request_id": 1,
    "document_id": 1,
    # Staff and roles (issue 23).
    "user_id": 1,
    "token": "not-a-token",
}


@pytest.fixture(autouse=True)
def pinned_clock(time_machine):
    time_machine.move_to(NOON, tick=False)
    return time_machine


@pytest.fixture
def adviser(world):
    return world.users["provider_staff"]


def sign_in_with_password(client, username=USERNAME, password=PASSWORD, next=None, **headers):
    data = {"username": username, "password": password}
    if next:
        data["next"] = next
    return client.post("/staff/", data, **headers)


def staff_urls() -> list[str]:
    """Every staff and report page but the sign-in steps, plus the admin and the API reference."""
    urls = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner in {"staff", "reports"}:
                    walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and namespace:
                name = f"{namespace}:{pattern.name}"
                # The sign-in steps, and the footer's pages, open to everyone.
                if name.startswith(("staff:sign-", "staff:help-")) or name == "staff:home":
                    continue
                # Any other id (a mediator, venue, invoice, …) is 1; a feed token a word.
                kwargs = {key: SAMPLE_KWARGS.get(key, 1) for key in pattern.pattern.converters}
                kwargs = {
                    k: ("not-a-token" if k in ("token", "what") and v == 1 else v)
                    for k, v in kwargs.items()
                }
                try:
                    urls.append(reverse(name, kwargs=kwargs))
                except NoReverseMatch:  # an agreement's number, not a certificate's
                    urls.append(reverse(name, kwargs={**kwargs, "number": "SR-2345-6789-A1"}))

    walk(get_resolver().url_patterns, "")
    return urls + [
        "/staff/",
        "/admin/",
        "/admin/auth/user/",
        reverse("api:docs"),
        reverse("api:schema"),
    ]


def test_a_password_alone_reaches_no_staff_page(world, client, adviser):
    authenticator(adviser)
    response = sign_in_with_password(client)
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    urls = staff_urls()
    assert len(urls) > 30
    wrong = []
    for url in urls:
        answer = client.get(url)
        if answer.status_code != 302 or not answer["Location"].startswith(f"{CODE_URL}?next="):
            wrong.append((url, answer.status_code))
    assert wrong == []
    # Nor can it change anything.
    posted = client.post("/staff/cases/new/", {"child_name": "Robin"})
    assert posted.status_code == 302
    assert posted["Location"].startswith(CODE_URL)
    assert Case.objects.count() == 0


def test_a_half_signed_in_session_is_nobody_on_family_pages_and_can_sign_out(client, adviser):
    authenticator(adviser)
    client.force_login(adviser, verified=False)
    home = client.get("/").content.decode()
    assert "Signed in as" not in home
    code_page = client.get(CODE_URL).content.decode()
    # Nobody is named until both steps are done; signing out is in the service navigation.
    assert "Signed in as" not in code_page
    assert "adviser@alpha.test" not in code_page
    assert "/staff/organisations/" not in code_page  # no staff menu until both steps
    nav = code_page.split('class="govuk-service-navigation"', 1)[1].split("</nav>", 1)[0]
    assert 'action="/staff/sign-out/"' in nav and ">Sign out</button>" in nav
    # The footer's staff pages open, and name nobody either.
    privacy = client.get(reverse("staff:help-privacy")).content.decode()
    assert "adviser@alpha.test" not in privacy and ">Sign out<" not in privacy
    client.post("/staff/sign-out/")
    assert 'name="password"' in client.get("/staff/").content.decode()


def test_sign_in_without_an_authenticator_app_goes_to_set_up(client, adviser):
    response = client.get(sign_in_with_password(client)["Location"])
    assert response.status_code == 302
    assert response["Location"] == SET_UP_URL


def test_a_wrong_code_redisplays_the_page_with_an_error_summary(client, adviser):
    device = authenticator(adviser)
    sign_in_with_password(client)
    response = client.post(CODE_URL, {"code": wrong_code_for(device)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert 'href="#id_code"' in html
    assert "The code is not correct or has expired" in html
    assert "<title>Error: " in html
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/staff/")["Location"].startswith(CODE_URL)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Enter the 6-digit code from your authenticator app, or a backup code"),
        ("12-ab", "or a backup code of 8 letters and numbers"),
    ],
)
def test_an_empty_or_malformed_code_gets_a_clear_error(client, adviser, code, message):
    authenticator(adviser)
    sign_in_with_password(client)
    response = client.post(CODE_URL, {"code": code})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_right_code_signs_in_with_a_new_session_id(client, adviser):
    device = authenticator(adviser)
    sign_in_with_password(client)
    half_way = client.session.session_key
    response = client.post(CODE_URL, {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != half_way
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "Work queue" in page.content.decode()


def test_the_page_asked_for_opens_after_both_steps(client, adviser):
    device = authenticator(adviser)
    response = sign_in_with_password(client, next="/staff/organisations/")
    assert response["Location"] == f"{CODE_URL}?next=%2Fstaff%2Forganisations%2F"
    page = client.get(response["Location"]).content.decode()
    assert '<input type="hidden" name="next" value="/staff/organisations/">' in page
    response = client.post(CODE_URL, {"code": code_for(device), "next": "/staff/organisations/"})
    assert response["Location"] == "/staff/organisations/"


def test_a_code_works_only_once(client, adviser, pinned_clock):
    device = authenticator(adviser)
    sign_in_with_password(client)
    used = code_for(device)
    assert client.post(CODE_URL, {"code": used}).status_code == 302
    client.post("/staff/sign-out/")
    pinned_clock.shift(dt.timedelta(seconds=5))
    sign_in_with_password(client)
    assert client.post(CODE_URL, {"code": used}).status_code == 400
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_set_up_shows_the_key_and_confirms_the_app_with_its_first_code(
    client, adviser, pinned_clock
):
    sign_in_with_password(client)
    page = client.get(SET_UP_URL)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=adviser)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert not device.confirmed
    assert two_factor.secret_text(device) in html
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in html
    assert "style=" not in html  # nothing the Content Security Policy would block

    wrong = client.post(SET_UP_URL, {"code": wrong_code_for(device)})
    assert wrong.status_code == 400
    assert "govuk-error-summary" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    pinned_clock.shift(dt.timedelta(seconds=2))  # past the throttle after a wrong code
    done = client.post(SET_UP_URL, {"code": code_for(device)})
    assert done.status_code == 302
    assert done["Location"] == "/staff/sign-in/backup-codes/"
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(done["Location"])
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", codes_page.content.decode())
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=adviser).values_list("token", flat=True)
    )
    assert len(codes) == 10
    # Shown once.
    assert client.get(done["Location"]).status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="sign_in.two_factor.set_up", actor=adviser).exists()


def test_set_up_never_shows_a_new_key_for_an_account_that_has_an_app(client, adviser):
    authenticator(adviser)
    client.force_login(adviser, verified=False)
    response = client.get(SET_UP_URL)
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    assert TOTPDevice.objects.filter(user=adviser).count() == 1


def test_a_backup_code_works_once(client, adviser, pinned_clock):
    authenticator(adviser)
    backup = two_factor.backup_codes_replace(user=adviser)[0]
    sign_in_with_password(client)
    typed = f"{backup[:4].upper()} {backup[4:].upper()}"  # as written down
    response = client.post(CODE_URL, {"code": typed})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert not StaticToken.objects.filter(token=backup).exists()
    event = AuditEvent.objects.get(action="sign_in.backup_code.use")
    assert event.detail == {"user_id": adviser.pk, "left": 9}

    client.post("/staff/sign-out/")
    sign_in_with_password(client)
    again = client.post(CODE_URL, {"code": backup})
    assert again.status_code == 400
    assert "The code is not correct" in again.content.decode()


def test_after_a_wrong_code_the_next_is_not_checked_for_a_moment(client, adviser, pinned_clock):
    device = authenticator(adviser)
    sign_in_with_password(client)
    assert client.post(CODE_URL, {"code": wrong_code_for(device)}).status_code == 400
    # Even the right code is refused unchecked straight after a wrong one (django-otp throttling).
    refused = client.post(CODE_URL, {"code": code_for(device)})
    assert refused.status_code == 400
    assert "You entered a wrong code. Wait 1 second, then enter the code again" in (
        refused.content.decode()
    )
    assert DEVICE_ID_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    pinned_clock.shift(dt.timedelta(seconds=2))
    assert client.post(CODE_URL, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_five_wrong_codes_sign_out_and_lock_the_username(client, adviser, pinned_clock):
    device = authenticator(adviser)
    sign_in_with_password(client)
    for _ in range(4):
        assert client.post(CODE_URL, {"code": wrong_code_for(device)}).status_code == 400
        pinned_clock.shift(dt.timedelta(seconds=20))  # past each throttle delay
    locked = client.post(CODE_URL, {"code": wrong_code_for(device)})
    assert locked.status_code == 429
    assert "You cannot sign in at the moment" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # the half-way session is over
    attempt = AccessAttempt.objects.get(username=USERNAME)
    assert attempt.failures_since_start == 5
    assert attempt.path_info == CODE_URL
    assert "code=********************" in attempt.post_data
    # Locked like five wrong passwords: the right password does not help.
    refused = sign_in_with_password(client)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_username_even_with_the_right_password(
    world, client, pinned_clock
):
    for _ in range(4):
        assert sign_in_with_password(client, password="wrong-password").status_code == 400
    fifth = sign_in_with_password(client, password="wrong-password")
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "You cannot sign in at the moment" in html
    assert "locked for 15 minutes" in html
    right = sign_in_with_password(client)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username=USERNAME)
    assert attempt.failures_since_start == 6  # every refused try counts, and restarts the clock
    assert attempt.ip_address == "127.0.0.1"
    assert "password=********************" in attempt.post_data
    assert "wrong-password" not in attempt.post_data
    # Other users are not affected.
    assert sign_in_with_password(client, username="mediator@alpha.test").status_code == 302
    client.logout()
    # 15 minutes after the last failure, the right password works again.
    pinned_clock.shift(dt.timedelta(minutes=14))
    assert sign_in_with_password(client).status_code == 429
    pinned_clock.shift(dt.timedelta(minutes=16))
    response = sign_in_with_password(client)
    assert response.status_code == 302
    assert response["Location"] == CODE_URL


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_failure_limit_is_a_setting(world, client):
    assert sign_in_with_password(client, password="wrong-password").status_code == 400
    assert sign_in_with_password(client, password="wrong-password").status_code == 429


@override_settings(TRUSTED_PROXIES=1)
def test_attempts_record_the_client_address_the_proxy_reports(world, client):
    sign_in_with_password(
        client,
        password="wrong-password",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7",
    )
    assert AccessAttempt.objects.get(username=USERNAME).ip_address == "203.0.113.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy: the header is the client's own say-so
        (1, "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # the left one was forged
        (2, "198.51.100.9, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.2"),  # fewer hops than proxies: not trusted
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_what_the_proxies_added(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected


def demo_user(adviser):
    return two_factor.demo_authenticator_set(user=adviser)


def test_demo_mode_shows_the_current_code_of_a_demo_authenticator(client, adviser):
    device = demo_user(adviser)
    client.force_login(adviser, verified=False)
    with override_settings(DEMO_MODE=True):
        html = client.get(CODE_URL).content.decode()
        shown = re.search(r'<strong id="demo-code">(\d{6})</strong>', html)
        assert "Demo only:</strong> the current code is" in html
        assert shown is not None
        assert shown.group(1) == two_factor.next_code(device)
        assert client.post(CODE_URL, {"code": shown.group(1)}).status_code == 302


def test_the_demo_hint_never_shows_outside_demo_mode(client, adviser):
    demo_user(adviser)
    client.force_login(adviser, verified=False)
    html = client.get(CODE_URL).content.decode()
    assert "Demo only" not in html
    assert "demo-code" not in html


def test_demo_mode_never_shows_the_code_of_a_real_authenticator(client, adviser):
    authenticator(adviser)
    client.force_login(adviser, verified=False)
    with override_settings(DEMO_MODE=True):
        html = client.get(CODE_URL).content.decode()
    assert "Demo only" not in html


def test_demo_mode_refuses_to_start_in_production(tmp_path):
    from tests.test_settings import load_settings

    result = load_settings(
        {"SENDRESOLVE_VAR_DIR": str(tmp_path), "SECRET_KEY": "k" * 60, "SENDRESOLVE_DEMO": "true"}
    )
    assert result.returncode != 0
    assert "SENDRESOLVE_DEMO is for development only." in result.stderr


@override_settings(SENDRESOLVE_REQUIRE_2FA=False)
def test_with_the_second_factor_switched_off_a_password_signs_in(client, adviser):
    response = sign_in_with_password(client)
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_api_tokens_need_no_second_factor(client, adviser):
    from rest_framework.test import APIClient

    _, token = api_token_create(actor=None, user=adviser, name="tests")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/cases").status_code == 200


def test_the_test_client_signs_in_with_both_steps_unless_told_not_to(client, adviser):
    assert client.login(username=USERNAME, password=PASSWORD)
    assert client.get("/staff/").status_code == 200
    client.logout()
    client.force_login(adviser)
    assert client.get("/staff/").status_code == 200
    client.logout()
    client.force_login(adviser, verified=False)
    assert client.get("/staff/")["Location"].startswith(CODE_URL)


def test_the_webhook_pages_are_in_the_sweep():
    # Webhooks (issue 25): mounted in the staff namespace, so a password alone reaches none.
    urls = staff_urls()
    for url in (
        "/staff/webhooks/",
        "/staff/webhooks/new/",
        "/staff/webhooks/1/",
        "/staff/webhooks/1/rotate/",
        "/staff/webhooks/1/delete/",
        "/staff/webhooks/1/deliveries/1/",
        "/staff/webhooks/1/deliveries/1/replay/",
    ):
        assert url in urls
