"""A synthetic import file: good cases at every importable status, and exactly ``bad``
deliberately bad rows of varied kinds (``BAD_KINDS``), from a fixed seed.

Used by ``benchmarks/make_import_file.py`` and the import tests. Names and contact details are
made up ("Child 00042", ``family00042@example.org``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

from sendresolve.imports.template import CASE_COLUMNS, CASES_SHEET, EVENT_COLUMNS, EVENTS_SHEET

# status -> the events that lead to it (in order)
JOURNEYS = {
    "enquiry": [],
    "advice_given": ["advice_given"],
    "declined": ["advice_given", "mediation_declined"],
    "mediation_requested": ["advice_given", "mediation_requested"],
    "la_informed": ["advice_given", "mediation_requested", "la_informed"],
    "held": ["advice_given", "mediation_requested", "la_informed", "session_held"],
    "not_arranged": ["advice_given", "mediation_requested", "la_informed", "la_cannot_arrange"],
    "concluded": [
        "advice_given",
        "mediation_requested",
        "la_informed",
        "session_held",
        "mediation_concluded",
    ],
}
DR_JOURNEYS = {"enquiry": [], "parties_agreed": ["all_parties_agreed"]}
SUBJECTS = [
    "plan_provision",
    "plan_placement",
    "refusal_to_assess",
    "plan_needs",
    "refusal_to_issue_plan",
]
BAD_KINDS = (
    "impossible_date",
    "future_date",
    "unknown_local_authority",
    "unknown_status",
    "missing_child_name",
    "duplicate_reference",
    "unknown_issue",
    "bad_email",
    "status_not_matching_events",
    "event_before_opening",
)


@dataclass
class Generated:
    cases: list[dict[str, str]] = field(default_factory=list)
    events: list[dict[str, str]] = field(default_factory=list)
    bad: dict[int, str] = field(default_factory=dict)  # row number in the Cases sheet -> kind


def generate(
    *, rows: int, bad: int, today: dt.date, local_authorities: list[str], seed: int = 25
) -> Generated:
    if bad > rows - 1:
        raise ValueError("There must be at least one good row.")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    out = Generated()
    bad_at = sorted(rng.sample(range(1, rows), bad))
    kinds = {index: BAD_KINDS[n % len(BAD_KINDS)] for n, index in enumerate(bad_at)}
    good_before: list[int] = []
    for index in range(rows):
        number = index + 2  # the header is row 1
        n = f"{index + 1:05d}"
        dr = rng.random() < 0.1
        journeys = DR_JOURNEYS if dr else JOURNEYS
        status = rng.choice(list(journeys))
        opened = today - dt.timedelta(days=rng.randint(5, 150))
        case = {
            "source_reference": f"OLD-{n}",
            "local_authority": rng.choice(local_authorities),
            "kind": "disagreement_resolution" if dr else "mediation",
            "status": status,
            "opened_on": opened.isoformat() if rng.random() < 0.7 else opened.strftime("%d/%m/%Y"),
            "child_name": f"Child {n}",
            "child_date_of_birth": (opened - dt.timedelta(days=rng.randint(800, 6000))).isoformat(),
            "requester": "parent",
            "requester_name": f"Parent {n}",
            "email": f"family{n}@example.org",
            "phone": "",
            "address": "",
            "preferred_channel": "email",
            "issues": ";".join(rng.sample(SUBJECTS, rng.randint(1, 2))),
            "health_care_in_issue": "no",
            "dr_type": "family_body_duties" if dr else "",
            "decision_description": "",
            "decision_letter_date": (opened - dt.timedelta(days=rng.randint(1, 30))).isoformat(),
        }
        if dr:
            case["issues"] = "provision_not_delivered"
        events = []
        day = opened
        for event in journeys[status]:
            day = min(today, day + dt.timedelta(days=rng.randint(0, 8)))
            events.append(
                {
                    "source_reference": case["source_reference"],
                    "event": event,
                    "date": day.isoformat(),
                }
            )
        kind = kinds.get(index)
        if kind:
            out.bad[number] = kind
            _spoil(case, events, kind, today, good_before)
        else:
            good_before.append(index)
        out.cases.append(case)
        out.events.extend(events)
    return out


def _spoil(
    case: dict, events: list[dict], kind: str, today: dt.date, good_before: list[int]
) -> None:
    if kind == "impossible_date":
        case["opened_on"] = "31/02/2024"
    elif kind == "future_date":
        case["opened_on"] = (today + dt.timedelta(days=30)).isoformat()
        events.clear()
        case["status"] = "enquiry"
    elif kind == "unknown_local_authority":
        case["local_authority"] = "999"
    elif kind == "unknown_status":
        case["status"] = "on_hold"
    elif kind == "missing_child_name":
        case["child_name"] = ""
    elif kind == "duplicate_reference":
        case["source_reference"] = f"OLD-{good_before[-1] + 1:05d}"
        events.clear()  # the earlier row's events stay the earlier row's
        case["status"] = "enquiry"
    elif kind == "unknown_issue":
        case["issues"] = "plan_colour"
    elif kind == "bad_email":
        case["email"] = "not-an-email"
    elif kind == "status_not_matching_events":
        case["kind"], case["dr_type"], case["issues"] = "mediation", "", "plan_provision"
        case["status"] = "la_informed"
        events[:] = [
            {
                "source_reference": case["source_reference"],
                "event": "advice_given",
                "date": case_date(case).isoformat(),
            }
        ]
    elif kind == "event_before_opening":
        case["kind"], case["dr_type"], case["issues"] = "mediation", "", "plan_provision"
        case["status"] = "advice_given"
        before = case_date(case) - dt.timedelta(days=3)
        events[:] = [
            {
                "source_reference": case["source_reference"],
                "event": "advice_given",
                "date": before.isoformat(),
            }
        ]


def case_date(case: dict) -> dt.date:
    text = case["opened_on"]
    if "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007  # a date only
    return dt.date.fromisoformat(text)


def as_xlsx(data: Generated) -> bytes:
    """The workbook as a spreadsheet program saves one: shared strings, blank cells empty."""
    book = Workbook()
    for title, columns, rows in (
        (CASES_SHEET, CASE_COLUMNS, data.cases),
        (EVENTS_SHEET, EVENT_COLUMNS, data.events),
    ):
        sheet = book.create_sheet(title)
        names = [c.name for c in columns]
        sheet.append(names)
        for row in rows:
            sheet.append([row.get(name) or None for name in names])
    del book["Sheet"]  # the new workbook's own empty sheet
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_csv(rows: list[dict[str, str]], columns) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=[c.name for c in columns])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
