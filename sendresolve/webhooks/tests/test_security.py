"""Where a webhook may be sent: https:// to public addresses only (server-side request forgery)."""

import base64

import pytest

from sendresolve.core.errors import ValidationError
from sendresolve.webhooks.security import secret_new, url_check


@pytest.mark.parametrize(
    "url",
    [
        "http://203.0.113.10/hooks",  # not https
        "https://10.0.0.5/hooks",
        "https://172.16.0.1/hooks",
        "https://192.168.1.20/hooks",
        "https://169.254.169.254/latest/meta-data",  # a cloud's metadata service
        "https://100.64.0.1/hooks",  # carrier-grade NAT
        "https://[fd00::1]/hooks",
        "https://[::ffff:10.0.0.1]/hooks",
        "https://0.0.0.0/hooks",
        "https://user:pass@8.8.8.8/hooks",
        "ftp://8.8.8.8/hooks",
        "https:///hooks",
        "https://[::1/hooks",
        "not a url",
    ],
)
def test_private_and_malformed_addresses_are_refused(url):
    with pytest.raises(ValidationError) as refused:
        url_check(url)
    assert refused.value.field == "url"


def test_a_public_https_address_is_allowed():
    assert url_check("https://8.8.8.8:8443/hooks") == "https://8.8.8.8:8443/hooks"


def test_loopback_only_when_the_setting_allows_it(settings):
    settings.SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK = True
    assert url_check("http://127.0.0.1:8123/hooks")
    assert url_check("http://localhost:8123/hooks")
    settings.SENDRESOLVE_WEBHOOKS_ALLOW_LOOPBACK = False
    for url in ("http://127.0.0.1:8123/hooks", "https://127.0.0.1/hooks", "https://localhost/x"):
        with pytest.raises(ValidationError):
            url_check(url)


def test_secrets_are_standard_webhooks_secrets():
    secret = secret_new()
    assert secret.startswith("whsec_")
    assert secret != secret_new()
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
