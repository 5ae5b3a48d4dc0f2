"""The agreement number in URLs (``SR-7K3M-Q9XD-A2``: the case reference and the version), so a
malformed one is a 404 before any query runs."""


class AgreementNumberConverter:
    regex = r"SR-[0-9A-Z]{4}-[0-9A-Z]{4}-A[0-9]{1,4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
