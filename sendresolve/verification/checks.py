"""System check: a production server signs certificates, so it needs the provider's key."""

from django.conf import settings
from django.core import checks

from sendresolve.documents.signing import SigningNotConfigured, signer_configured


@checks.register()
def signing_key_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    key, cert = settings.SENDRESOLVE_SIGNING_KEY, settings.SENDRESOLVE_SIGNING_CERT
    if not key and not cert:
        if settings.DEVELOPMENT:
            return []  # tests sign with a key they make; development's is under var/signing/
        return [
            checks.Error(
                "No key to sign certificates with: certificates would be issued unsigned.",
                hint="Set SENDRESOLVE_SIGNING_KEY and SENDRESOLVE_SIGNING_CERT to the provider's "
                "PEM key and certificate (a path or the PEM text), and "
                "SENDRESOLVE_SIGNING_KEY_PASSPHRASE if the key has one.",
                id="verification.E001",
            )
        ]
    try:
        signer_configured()
    except (SigningNotConfigured, OSError, ValueError, TypeError) as error:
        if settings.ENVIRONMENT == "development":
            return []  # `manage.py signing_key` (make run) writes it; until then, unsigned
        return [
            checks.Error(
                "The certificate signing key or certificate cannot be read "
                f"({type(error).__name__}).",
                hint="Check SENDRESOLVE_SIGNING_KEY, SENDRESOLVE_SIGNING_CERT and the passphrase.",
                id="verification.E002",
            )
        ]
    return []
