"""Reference data shipped with the package: every English LA with SEND duties.

Source: ``data/local_authorities.csv`` in this package (DfE LA codes, GSS codes, names, regions
and types for the 2024-25 reporting year; valid until 31 March 2027; ``data/README.md`` gives the
sources), so an installed SEND Resolve needs nothing outside itself.
"""

import csv
import io
from dataclasses import dataclass
from importlib import resources

EXPECTED_COUNT = 153


@dataclass(frozen=True, slots=True)
class LocalAuthorityRow:
    dfe_code: str
    gss_code: str
    name: str
    region: str
    kind: str


def reference_local_authorities() -> list[LocalAuthorityRow]:
    """Return the packaged list of local authorities, in DfE code order."""
    text = (
        resources.files("sendresolve.tenancy")
        .joinpath("data/local_authorities.csv")
        .read_text(encoding="utf-8")
    )
    reader = csv.DictReader(io.StringIO(text))
    return [
        LocalAuthorityRow(
            dfe_code=row["dfe_la_code"].strip(),
            gss_code=row["gss_code"].strip(),
            name=row["name"].strip(),
            region=row["region"].strip(),
            kind=row["type"].strip(),
        )
        for row in reader
    ]
