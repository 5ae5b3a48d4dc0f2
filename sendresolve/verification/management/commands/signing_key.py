"""Write a self-signed development signing key and certificate under var/signing/ (make run)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sendresolve.documents.signing import development_key_pair


class Command(BaseCommand):
    help = "Create the development key that signs certificates (kept if it exists already)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Replace an existing key.")

    def handle(self, *args, force: bool = False, **options):
        if settings.ENVIRONMENT != "development":
            raise CommandError(
                "Only for development: production sets SENDRESOLVE_SIGNING_KEY and "
                "SENDRESOLVE_SIGNING_CERT to the provider's own key and certificate."
            )
        key_path = Path(settings.SENDRESOLVE_SIGNING_KEY)
        cert_path = Path(settings.SENDRESOLVE_SIGNING_CERT)
        if key_path.is_file() and cert_path.is_file() and not force:
            self.stdout.write(f"Signing key already at {key_path}")
            return
        key_pem, cert_pem = development_key_pair("SEND Resolve development signing key")
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key_path.touch(mode=0o600, exist_ok=True)
        key_path.chmod(0o600)
        key_path.write_bytes(key_pem)
        cert_path.parent.mkdir(parents=True, exist_ok=True)
        cert_path.write_bytes(cert_pem)
        self.stdout.write(f"Wrote a development signing key to {key_path}")
