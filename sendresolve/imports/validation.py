"""Checking every row of an import before anything is written.

``rows_check`` reads the whole file against the provider's commissions, the vocabularies and
the cases already imported, and returns the rows that can be imported (parsed) and the errors
of the others, each with its sheet, row, column and reason. Reasons never repeat a value that
could be personal data (a name, an email address): only codes and dates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices

from sendresolve.cases.services.casework import IssueInput
from sendresolve.cases.services.opening import _check_kind, _relevant_health_bodies
from sendresolve.cases.states import Status
from sendresolve.cases.vocabulary import (
    CaseKind,
    Channel,
    DrType,
    EventType,
    IssueSubject,
    Requester,
)
from sendresolve.core.errors import ValidationError
from sendresolve.core.text import text_clean
from sendresolve.core.validators import EMAIL_INVALID, email_is_plain
from sendresolve.imports.models import ImportedCase
from sendresolve.imports.reading import ImportFile, Row
from sendresolve.imports.template import (
    CASE_COLUMNS,
    CASES_SHEET,
    DR_STATUSES,
    EVENT_ORDER,
    EVENT_STATUS,
    EVENTS_SHEET,
    MEDIATION_STATUSES,
)
from sendresolve.law.ages import SEND_AGES
from sendresolve.tenancy.models import Commission, LocalAuthority, Provider

EARLIEST = dt.date(2000, 1, 1)  # no live case started before this
DR_EVENTS = frozenset(
    {EventType.ALL_PARTIES_AGREED, EventType.SESSION_HELD, EventType.MEDIATION_CONCLUDED}
)
MEDIATION_EVENTS = frozenset(set(EVENT_STATUS) - {EventType.ALL_PARTIES_AGREED})
MAX_LENGTHS = {
    "source_reference": 100,
    "child_name": 150,
    "requester_name": 150,
    "email": 254,
    "phone": 40,
    "decision_description": 300,
    "address": 1000,
}
# The opening service's field names -> the template's columns.
FIELD_COLUMNS = {"commissioning_body": "kind", "requested": "kind"}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    reason: str


@dataclass
class CaseRow:
    """One row that passed every check, parsed."""

    row: int
    source_reference: str
    local_authority: LocalAuthority
    values: dict[str, Any]  # the Case fields
    issues: list[str]
    events: list[tuple[str, dt.date]]
    health_bodies: list[Any]
    digest: str
    existing: ImportedCase | None = None


@dataclass
class Checked:
    rows: int = 0
    valid: list[CaseRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)

    @property
    def new(self) -> list[CaseRow]:
        return [r for r in self.valid if r.existing is None]

    @property
    def changed(self) -> list[CaseRow]:
        return [r for r in self.valid if r.existing and r.existing.row_digest != r.digest]

    @property
    def unchanged(self) -> list[CaseRow]:
        return [r for r in self.valid if r.existing and r.existing.row_digest == r.digest]


class RowInvalid(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def date_parse(text: str, column: str, *, today: dt.date, required: bool = False) -> dt.date | None:
    """A date as ISO (2024-03-01) or as people in England write it (01/03/2024)."""
    if not text:
        if required:
            raise RowInvalid(column, "Enter the date.")
        return None
    value = None
    try:
        value = dt.date.fromisoformat(text[:10])
    except ValueError:
        try:
            value = dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007  # a date only
        except ValueError:
            pass
    if value is None:
        raise RowInvalid(column, "Enter a real date, like 2024-03-01 or 01/03/2024.")
    if value > today:
        raise RowInvalid(column, "The date cannot be in the future.")
    if value < EARLIEST:
        raise RowInvalid(column, f"The date must be after {EARLIEST:%Y}.")
    return value


_LOOKUPS: dict[type, dict[str, str]] = {}


def choice(choices: type[TextChoices], text: str, column: str, *, required: bool = True) -> str:
    """A vocabulary value, given as its code or its label (any case)."""
    if not text:
        if required:
            raise RowInvalid(column, f"Enter the {column.replace('_', ' ')}.")
        return ""
    lookup = _LOOKUPS.get(choices)
    if lookup is None:
        lookup = {str(label).lower(): str(value) for value, label in choices.choices}
        lookup |= {str(value): str(value) for value in choices.values}
        _LOOKUPS[choices] = lookup
    found = lookup.get(text.strip().lower())
    if found is None:
        raise RowInvalid(
            column, f"“{text[:40]}” is not one of the {column.replace('_', ' ')} codes."
        )
    return found


YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def _commission_covers(commissions: list[Commission], la_id: int, on: dt.date, kind: str) -> bool:
    for c in commissions:
        if c.local_authority_id != la_id or c.starts_on > on or (c.ends_on and c.ends_on < on):
            continue
        if kind == CaseKind.DISAGREEMENT_RESOLUTION:
            if c.covers_disagreement_resolution:
                return True
        elif c.covers_mediation:
            return True
    return False


class _Context:
    def __init__(self, provider: Provider, today: dt.date) -> None:
        self.provider = provider
        self.today = today
        self.authorities = {
            la.dfe_code: la
            for la in LocalAuthority.objects.prefetch_related("commissioning_bodies")
        }
        self.commissions = list(Commission.objects.filter(provider=provider))


def _case_row(row: Row, events: list[Row], ctx: _Context) -> CaseRow:
    v = row.values
    get = {c.name: text_clean(v.get(c.name, "")).strip() for c in CASE_COLUMNS}
    get["address"] = text_clean(v.get("address", ""), multiline=True).strip()
    for column, limit in MAX_LENGTHS.items():
        if len(get[column]) > limit:
            raise RowInvalid(column, f"Must be {limit} characters or fewer.")
    if not get["source_reference"]:
        raise RowInvalid("source_reference", "Enter your system's reference for the case.")
    la = ctx.authorities.get(get["local_authority"].zfill(3))
    if la is None:
        raise RowInvalid("local_authority", "Enter a council's three-digit DfE code.")
    kind = choice(CaseKind, get["kind"], "kind")
    status = choice(Status, get["status"], "status")
    allowed = DR_STATUSES if kind == CaseKind.DISAGREEMENT_RESOLUTION else MEDIATION_STATUSES
    if status not in allowed:
        raise RowInvalid(
            "status",
            f"A {CaseKind(kind).label.lower()} case cannot be imported at “{status}”: import it "
            "at an earlier status and record the rest in SEND Resolve.",
        )
    opened_on = date_parse(get["opened_on"], "opened_on", today=ctx.today, required=True)
    assert opened_on is not None  # noqa: S101  # required above
    if not _commission_covers(ctx.commissions, la.pk, opened_on, kind):
        raise RowInvalid(
            "local_authority",
            f"{ctx.provider.name} is not commissioned by {la.name} for this service on "
            f"{opened_on.isoformat()}.",
        )
    if not get["child_name"]:
        raise RowInvalid("child_name", "Enter the child or young person's name.")
    born = date_parse(get["child_date_of_birth"], "child_date_of_birth", today=ctx.today)
    if born is not None and not SEND_AGES.covers(born, opened_on):
        raise RowInvalid(
            "child_date_of_birth", "SEND mediation is for children and young people up to 25."
        )
    requester = choice(Requester, get["requester"], "requester")
    if not get["requester_name"]:
        raise RowInvalid("requester_name", "Enter the name of the person asking.")
    if get["email"] and not email_is_plain(get["email"]):
        raise RowInvalid("email", EMAIL_INVALID)
    channel = choice(Channel, get["preferred_channel"], "preferred_channel")
    if channel == Channel.EMAIL and not get["email"]:
        raise RowInvalid("email", "Enter an email address, or choose another way to contact them.")
    if channel in (Channel.PHONE, Channel.SMS) and not get["phone"]:
        raise RowInvalid("phone", "Enter a phone number, or choose another way to contact them.")
    issues = [
        choice(IssueSubject, part.strip(), "issues")
        for part in get["issues"].split(";")
        if part.strip()
    ]
    if not issues:
        raise RowInvalid("issues", "Enter at least one issue in dispute.")
    health = get["health_care_in_issue"].lower()
    if health not in YES | NO:
        raise RowInvalid("health_care_in_issue", "Enter yes or no.")
    dr_type = choice(DrType, get["dr_type"], "dr_type", required=False)
    letter = date_parse(get["decision_letter_date"], "decision_letter_date", today=ctx.today)
    if letter is not None and letter > opened_on:
        raise RowInvalid(
            "decision_letter_date", "The decision letter date must be on or before opened_on."
        )
    inputs = [IssueInput(subject=s) for s in issues]
    try:
        body = _check_kind(
            kind=kind,
            dr_type=dr_type,
            requester=requester,
            issues=inputs,
            local_authority=la,
            commissioning_body=None,
            health_care_in_issue=health in YES,
        )
        bodies = _relevant_health_bodies(
            kind=kind,
            dr_type=dr_type,
            local_authority=la,
            commissioning_body=body,
            health_care_in_issue=health in YES,
        )
    except ValidationError as error:
        column = FIELD_COLUMNS.get(error.field or "", error.field or "kind")
        raise RowInvalid(column, str(error)) from None
    steps = _events(events, kind=kind, opened_on=opened_on, ctx=ctx)
    reached = EVENT_STATUS[steps[-1][0]] if steps else Status.ENQUIRY
    if reached != status:
        raise RowInvalid(
            "status",
            f"The case's events (Events sheet) lead to “{reached}”, not “{status}”: add the "
            "events that happened, or correct the status.",
        )
    values = {
        "kind": kind,
        "status": status,
        "opened_on": opened_on,
        "child_name": get["child_name"],
        "child_date_of_birth": born,
        "requester": requester,
        "requester_name": get["requester_name"],
        "email": get["email"],
        "phone": get["phone"],
        "address": get["address"],
        "preferred_channel": channel,
        "health_care_in_issue": health in YES,
        "dr_type": dr_type,
        "decision_description": get["decision_description"],
        "decision_letter_date": letter,
        "commissioning_body": bodies[0] if len(bodies) == 1 else None,
    }
    digest = hashlib.sha256(
        json.dumps(
            {
                "la": la.dfe_code,
                **{k: str(x) for k, x in values.items() if k != "commissioning_body"},
                "issues": issues,
                "events": [(e, d.isoformat()) for e, d in steps],
            },
            sort_keys=True,
        ).encode()
    ).hexdigest()
    return CaseRow(
        row=row.number,
        source_reference=get["source_reference"],
        local_authority=la,
        values=values,
        issues=issues,
        events=steps,
        health_bodies=bodies,
        digest=digest,
    )


class EventsInvalid(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("events")
        self.errors = errors


def _events(
    rows: list[Row], *, kind: str, opened_on: dt.date, ctx: _Context
) -> list[tuple[str, dt.date]]:
    steps: list[tuple[str, dt.date]] = []
    errors: list[RowError] = []
    for row in rows:
        try:
            event = choice(EventType, row.values.get("event", "").strip(), "event")
            if event not in EVENT_STATUS:
                raise RowInvalid("event", f"“{event}” cannot be imported: see the list of events.")
            allowed = DR_EVENTS if kind == CaseKind.DISAGREEMENT_RESOLUTION else MEDIATION_EVENTS
            if event not in allowed:
                raise RowInvalid(
                    "event", f"“{event}” is not a step of a {CaseKind(kind).label.lower()} case."
                )
            on = date_parse(
                row.values.get("date", "").strip(), "date", today=ctx.today, required=True
            )
            assert on is not None  # noqa: S101  # required above
            if on < opened_on:
                raise RowInvalid("date", "The event cannot be before the case's opened_on date.")
            steps.append((event, on))
        except RowInvalid as error:
            errors.append(RowError(EVENTS_SHEET, row.number, error.column, error.reason))
    if errors:
        raise EventsInvalid(errors)
    steps.sort(key=lambda s: (s[1], EVENT_ORDER[s[0]]))
    if len({e for e, _ in steps}) != len(steps):
        raise RowInvalid("status", "The Events sheet has the same event twice for this case.")
    return steps


def rows_check(data: ImportFile, *, provider: Provider, today: dt.date) -> Checked:
    """Check every row of ``data`` for ``provider``; write nothing."""
    ctx = _Context(provider, today)
    checked = Checked(rows=len(data.cases))
    by_reference: dict[str, list[Row]] = {}
    references = {r.values.get("source_reference", "").strip() for r in data.cases}
    for event in data.events:
        reference = event.values.get("source_reference", "").strip()
        if reference not in references:
            checked.errors.append(
                RowError(
                    EVENTS_SHEET,
                    event.number,
                    "source_reference",
                    "No case in the Cases sheet has this source_reference.",
                )
            )
            continue
        by_reference.setdefault(reference, []).append(event)
    seen: set[str] = set()
    for row in data.cases:
        reference = row.values.get("source_reference", "").strip()
        try:
            if reference and reference in seen:
                raise RowInvalid(
                    "source_reference", "This source_reference is on an earlier row too."
                )
            seen.add(reference)
            checked.valid.append(_case_row(row, by_reference.get(reference, []), ctx))
        except RowInvalid as error:
            checked.errors.append(RowError(CASES_SHEET, row.number, error.column, error.reason))
            checked.bad_rows.add(row.number)
        except EventsInvalid as error:
            checked.errors.extend(error.errors)
            checked.errors.append(
                RowError(
                    CASES_SHEET,
                    row.number,
                    "status",
                    "An event of this case has an error (Events sheet).",
                )
            )
            checked.bad_rows.add(row.number)
    _existing(checked, provider)
    return checked


def _existing(checked: Checked, provider: Provider) -> None:
    """Attach the cases already imported; refuse to overwrite one changed in SEND Resolve."""
    by_reference = {r.source_reference: r for r in checked.valid}
    found: dict[str, ImportedCase] = {}
    references = list(by_reference)
    for start in range(0, len(references), 500):
        for record in ImportedCase.objects.filter(
            provider=provider, source_reference__in=references[start : start + 500]
        ).select_related("case"):
            found[record.source_reference] = record
    keep = []
    touched = _changed_since_import(
        [r for r in found.values() if r.row_digest != by_reference[r.source_reference].digest]
    )
    for row in checked.valid:
        row.existing = found.get(row.source_reference)
        if row.existing is not None and row.existing.case_id in touched:
            checked.errors.append(
                RowError(
                    CASES_SHEET,
                    row.row,
                    "source_reference",
                    "This case has changed in SEND Resolve since it was imported: "
                    "it is not updated.",
                )
            )
            checked.bad_rows.add(row.row)
            continue
        keep.append(row)
    checked.valid = keep
    checked.errors.sort(key=lambda e: (e.sheet != CASES_SHEET, e.row))


def _changed_since_import(records: list[ImportedCase]) -> set[int]:
    """The cases among ``records`` with a step recorded in SEND Resolve (not by an import)."""
    from sendresolve.cases.models import CaseEvent

    ids = [r.case_id for r in records]
    touched: set[int] = set()
    for start in range(0, len(ids), 500):
        for case_id, detail in CaseEvent.objects.filter(
            case_id__in=ids[start : start + 500]
        ).values_list("case_id", "detail"):
            if not (detail or {}).get("imported"):
                touched.add(case_id)
    return touched
