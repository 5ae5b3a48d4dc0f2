"""System checks: a production server signs certificates, so it needs the provider's key.

Without one, every start (``migrate``, ``runserver``, ``check``) warns that certificates would be
issued unsigned, and ``check --deploy`` fails; a key that is set but cannot be read is an error
everywhere outside development.
"""

from django.conf import settings
from django.core import checks

from sendresolve.documents.signing import SigningNotConfigured, signer_configured

HINT = (
    "Set SENDRESOLVE_SIGNING_KEY and SENDRESOLVE_SIGNING_CERT to the provider's PEM key and "
    "certificate (a path or the PEM text), and SENDRESOLVE_SIGNING_KEY_PASSPHRASE if the key "
    "has one."
)
UNSIGNED = "No key to sign certificates with: certificates would be issued unsigned."


def _problems(*, deploy: bool) -> list[checks.CheckMessage]:
    key, cert = settings.SENDRESOLVE_SIGNING_KEY, settings.SENDRESOLVE_SIGNING_CERT
    if not key and not cert:
        if settings.DEVELOPMENT:
            return []  # tests sign with a key they make; development's is under var/signing/
        if deploy:
            return [checks.Error(UNSIGNED, hint=HINT, id="verification.E001")]
        return [checks.Warning(UNSIGNED, hint=HINT, id="verification.W001")]
    try:
        signer_configured()
    except (SigningNotConfigured, OSError, ValueError, TypeError) as error:
        if settings.ENVIRONMENT == "development":
            return []  # `manage.py signing_key` (make run) writes it; until then, unsigned
        return [
            checks.Error(
                "The certificate signing key or certificate cannot be read "
                f"({type(error).__name__}).",
                hint=HINT,
                id="verification.E002",
            )
        ]
    return []


@checks.register()
def signing_key_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return _problems(deploy=False)


@checks.register(deploy=True)
def signing_key_deploy_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [p for p in _problems(deploy=True) if p.id != "verification.E002"]  # reported above
