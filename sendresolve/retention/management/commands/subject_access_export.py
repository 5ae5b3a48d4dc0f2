import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendresolve.core.errors import NotFound
from sendresolve.retention.subject_access import subject_access_export, subject_access_json


class Command(BaseCommand):
    help = (
        "Write everything held about the family of a case (a subject access request) to a JSON "
        "file. Audited. Confidential mediation notes are left out unless asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The case reference, e.g. SR-7K3M-Q9XD.")
        parser.add_argument("--output", required=True, help="The JSON file to write.")
        parser.add_argument(
            "--family",
            action="store_true",
            help="Include every case with the same email address.",
        )
        parser.add_argument(
            "--include-confidential",
            action="store_true",
            help="Add the mediator's confidential notes, in their own marked section (check "
            "the mediation confidentiality exemption before disclosing them).",
        )

    def handle(self, *args, reference, output, family, include_confidential, **options):
        try:
            document = subject_access_export(
                actor=None,
                reference=reference.strip().upper(),
                family=family,
                include_confidential=include_confidential,
                via="command",
            )
        except NotFound:
            raise CommandError(f"No case {reference}.") from None
        path = Path(output)
        # Special-category data: readable by this user only.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(subject_access_json(document))
        count = len(document["cases"])
        self.stdout.write(f"Wrote {count} case{'s' if count != 1 else ''} to {path}.")
