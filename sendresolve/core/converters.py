"""URL converters for our identifiers, so a malformed one is a 404 before any query runs
(PostgreSQL refuses text with NUL bytes, and nothing else could match anyway)."""

from django.urls import register_converter


class _Pattern:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CaseReferenceConverter(_Pattern):
    regex = r"SR-[0-9A-Z]{4}-[0-9A-Z]{4}"


class CertificateNumberConverter(_Pattern):
    regex = r"MC-[0-9]{4}-[0-9A-Z]{6}"


class DfeCodeConverter(_Pattern):
    regex = r"[0-9]{3}"


def register() -> None:
    register_converter(CaseReferenceConverter, "case_ref")
    register_converter(CertificateNumberConverter, "certificate_number")
    register_converter(DfeCodeConverter, "dfe_code")
