"""Each council's SEND team and SENDIASS contacts: read the contacts file, check it, load it.

The file is ``data/la_send_contacts.csv`` (``data/README.md`` describes its columns, sources and
how to update it). Loading changes only the contact fields and where they came from; a council
whose contacts an administrator has edited (``LocalAuthority.contacts_edited_at``) is left alone
unless ``overwrite`` is asked for, which also clears the mark.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from importlib import resources

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from sendresolve.audit.services import audit_record
from sendresolve.tenancy.models import LocalAuthority
from sendresolve.tenancy.reference import reference_local_authorities

CONTACT_FIELDS = (
    "send_team_phone",
    "send_team_email",
    "send_team_url",
    "sendiass_name",
    "sendiass_phone",
    "sendiass_email",
    "sendiass_url",
)
COLUMNS = ("dfe_la_code", "la_name", *CONTACT_FIELDS, "source", "checked_on", "note")
# A UK number as families dial it: 0 then 9 or 10 more digits, spaces allowed between.
PHONE = re.compile(r"0[0-9 ]+")
PHONE_DIGITS = (10, 11)
_url = URLValidator(schemes=["https", "http"])


class ContactsFileError(Exception):
    """The contacts file cannot be loaded; the message names the line and the problem."""


@dataclass(frozen=True)
class ContactRow:
    dfe_code: str
    values: dict[str, str]
    source: str
    checked_on: dt.date | None


@dataclass(frozen=True)
class ContactsLoadResult:
    updated: int
    unchanged: int
    kept: list[str] = field(default_factory=list)  # DfE codes whose edits were kept


def contacts_file_text() -> str:
    """Return the packaged contacts file."""
    return (
        resources.files("sendresolve.tenancy")
        .joinpath("data/la_send_contacts.csv")
        .read_text(encoding="utf-8")
    )


def _check(line: int, column: str, value: str) -> None:
    where = f"line {line}, {column}"
    if not value:
        return
    if column.endswith("_phone"):
        digits = sum(c.isdigit() for c in value)
        if not PHONE.fullmatch(value) or digits not in PHONE_DIGITS:
            raise ContactsFileError(
                f"{where}: {value!r} is not a UK phone number like 0300 365 1020"
            )
    elif column.endswith("_email"):
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ContactsFileError(f"{where}: {value!r} is not an email address") from None
    elif column.endswith("_url"):
        try:
            _url(value)
        except DjangoValidationError:
            raise ContactsFileError(
                f"{where}: {value!r} is not a web address starting https://"
            ) from None
    limit = getattr(LocalAuthority._meta.get_field(column), "max_length", None)
    if limit is not None and len(value) > limit:
        raise ContactsFileError(f"{where}: too long")


def contacts_read(text: str) -> list[ContactRow]:
    """Parse and check the contacts file; raise ``ContactsFileError`` at the first problem."""
    names = {row.dfe_code: row.name for row in reference_local_authorities()}
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ContactsFileError(f"line 1: the header lacks {', '.join(missing)}")
    rows: list[ContactRow] = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        if None in record or any(value is None for value in record.values()):
            raise ContactsFileError(f"line {line}: wrong number of columns")
        cells = {key: (value or "").strip() for key, value in record.items()}
        code = cells["dfe_la_code"]
        if code not in names:
            raise ContactsFileError(f"line {line}: {code!r} is not a DfE LA code we know")
        if code in seen:
            raise ContactsFileError(f"line {line}: {code} appears twice")
        seen.add(code)
        if cells["la_name"] != names[code]:
            raise ContactsFileError(
                f"line {line}: {code} is {names[code]}, not {cells['la_name']!r}"
            )
        values = {column: cells[column] for column in CONTACT_FIELDS}
        for column, value in values.items():
            _check(line, column, value)
        checked_on = None
        if cells["checked_on"]:
            try:
                checked_on = dt.date.fromisoformat(cells["checked_on"])
            except ValueError:
                raise ContactsFileError(
                    f"line {line}, checked_on: {cells['checked_on']!r} is not a date like "
                    "2026-12-06"
                ) from None
        if any(values.values()) and not (cells["source"] and checked_on):
            raise ContactsFileError(f"line {line}: filled fields need a source and checked_on")
        rows.append(ContactRow(code, values, cells["source"], checked_on))
    return rows


@transaction.atomic
def la_contacts_load(
    *, actor: User | None, rows: list[ContactRow], overwrite: bool = False
) -> ContactsLoadResult:
    """Set each listed council's contact fields from ``rows`` (matched on DfE code).

    A council an administrator has edited is kept as it is, unless ``overwrite``.
    """
    existing = {
        la.dfe_code: la
        for la in LocalAuthority.objects.filter(dfe_code__in=[row.dfe_code for row in rows])
    }
    absent = [row.dfe_code for row in rows if row.dfe_code not in existing]
    if absent:
        raise ContactsFileError(
            f"{len(absent)} councils (first {absent[0]}) are not in the database yet: "
            "run manage.py load_local_authorities first"
        )
    updated, unchanged, kept = 0, 0, []
    for row in rows:
        la = existing[row.dfe_code]
        wanted = {**row.values, "contacts_source": row.source}
        same = (
            all(getattr(la, name) == value for name, value in wanted.items())
            and la.contacts_checked_on == row.checked_on
        )
        if la.contacts_edited_at is not None and not overwrite:
            if not same:
                kept.append(la.dfe_code)
            else:
                unchanged += 1
            continue
        if same and la.contacts_edited_at is None:
            unchanged += 1
            continue
        for name, value in wanted.items():
            setattr(la, name, value)
        la.contacts_checked_on = row.checked_on
        la.contacts_edited_at = None
        la.save(update_fields=[*wanted, "contacts_checked_on", "contacts_edited_at"])
        updated += 1
    if updated:
        audit_record(
            actor=actor,
            action="local_authority_contacts.load",
            detail={"updated": updated, "unchanged": unchanged, "kept": len(kept)},
        )
    return ContactsLoadResult(updated=updated, unchanged=unchanged, kept=kept)
