"""How long each kind of record is kept, and why: the defaults, overridable per deployment.

``SENDRESOLVE_RETENTION`` (a JSON object in the environment, read by ``config/settings.py``)
overrides any of the numbers below, kind by kind, e.g.
``{"cases": {"years_after_closure": 7, "until_age": 25}, "feedback": {"years": 3}}``.
Unknown kinds or keys, and numbers out of range, stop start-up with a clear message
(``checks.py``). The defaults, and the reasons for them:

- ``cases``: anonymise a closed case's personal details **6 years after it closed**. Six years is
  the limitation period for a claim in contract or tort (Limitation Act 1980 ss.2, 5), and covers
  a late appeal or complaint about the mediation. Only the child's and family's details go (see
  ``services.retention_apply``): the statutory facts (dates, statuses, deadlines, certificates,
  outcomes) stay, so reports and annual returns for past years keep their figures. Set
  ``until_age`` (e.g. 25) to also wait until the child would be that old, as some providers'
  children's-records policies ask (a child's own limitation period runs from 18); it is off by
  default because the provider does not hold the child's education or health record (the LA
  does) and keeping a family's identity longer than needed breaks data minimisation (UK GDPR
  art. 5(1)(c), (e)).
- ``confidential_notes``: delete the mediator's confidential notes **1 year after the case
  closed**. Mediation is without prejudice and its content cannot be used in the tribunal; the
  notes only serve the mediator while the case and its follow-up are live, and the year covers a
  reopening after the tribunal (which clears the closure date, so nothing is deleted meanwhile).
- ``outbox_messages``: remove the recipient, subject, body and personalisation of messages
  **1 year after they were sent**; the row (template, channel, status, dates, case reference)
  stays as proof that a statutory notice went out. The case itself keeps the contact details.
- ``feedback``: delete feedback **2 years after it was given**: long enough to compare two
  contract years; it is anonymous, but free text can still identify someone.
- ``format_requests``: delete requests for another format **1 year after they were made**: they
  hold a name and contact details only to answer the request.
- ``audit_events``: delete audit events **7 years after they were recorded**: one year longer
  than cases, so the trail still shows who saw a case until after it is anonymised, and the
  anonymisation itself. Never fewer than 2 years, whatever the setting (and
  ``audit.services.audit_purge_before`` refuses anything within the last year).
- ``saved_requests``: a family's unfinished online request, saved to come back to, is kept
  **7 days** (``days``, from 1 to 30): its emailed link works that long, and the record is
  deleted by the first daily run after the link expired. Long enough to find the letter or
  ask someone; short, because it holds a child's details that no one has been asked to keep.

- ``survey_comments``: remove the free-text comments of satisfaction survey answers (issue 23)
  **1 year after they were given**; the scores stay, so a contract year's figures do not change.
  A year covers the contract review that reads them; the words can name a child or a mediator.
- ``survey_invitations``: delete survey invitations never answered **90 days after they
  expired** (``days``, 30 to 365): the link is dead by then and the row only ties a case to a
  survey not answered. Answered invitations stay (the answer hangs on them; it holds no name).
- ``provider_complaints``: replace the summary of a complaint about the provider with a removal
  note **6 years after the response was sent** (unanswered complaints are kept): the limitation
  period, as for cases, for a complaint that could become a claim; dates, outcome and who
  complained (parent, LA, ...) stay for the quality figures.
- ``webhook_deliveries``: delete webhook deliveries (their payload, which names a case
  reference and its dates) and their attempt log **90 days after they were made** (``days``,
  7 to 365) once delivered or given up on: long enough to investigate a receiver's complaint
  and replay a missed message; the receiver keeps its own copy. Pending ones stay.
- ``unconfirmed_imports``: delete the stored file of a caseload import checked but never
  imported (or failed) **7 days after it was uploaded** (``days``, 1 to 30): the file holds a
  whole caseload's personal data that no one decided to import; the counts and the error list
  (codes and dates only) stay, and the import is marked as not imported in time.

A record dated D is due on D's anniversary N years on (29 February counts from 28 February).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KINDS = (
    "cases",
    "confidential_notes",
    "outbox_messages",
    "feedback",
    "format_requests",
    "audit_events",
    "saved_requests",
    "survey_comments",
    "survey_invitations",
    "provider_complaints",
    "webhook_deliveries",
    "unconfirmed_imports",
)
DEFAULTS: dict[str, dict[str, int | None]] = {
    "cases": {"years_after_closure": 6, "until_age": None},
    "confidential_notes": {"years_after_closure": 1},
    "outbox_messages": {"years": 1},
    "feedback": {"years": 2},
    "format_requests": {"years": 1},
    "audit_events": {"years": 7},
    "saved_requests": {"days": 7},
    "survey_comments": {"years": 1},
    "survey_invitations": {"days": 90},
    "provider_complaints": {"years": 6},
    "webhook_deliveries": {"days": 90},
    "unconfirmed_imports": {"days": 7},
}
# The smallest number of years each kind may be set to.
MINIMUM_YEARS = {kind: 1 for kind in KINDS} | {"audit_events": 2}
MAXIMUM_YEARS = 100
AGE_RANGE = (18, 100)
DAYS_RANGE = (1, 30)  # kinds kept for days, not years (saved requests)
DAYS_RANGES = {"survey_invitations": (30, 365), "webhook_deliveries": (7, 365)}
# Kinds whose ``days`` is a link's lifetime, dated by the day it expires (not by ``days`` ago).
DATED_BY_EXPIRY = frozenset({"saved_requests"})


@dataclass(frozen=True)
class Rule:
    """One kind's retention: what happens to it, after how many years."""

    kind: str
    action: str  # "anonymise", "delete" or "redact"
    years: int
    until_age: int | None = None  # cases only: also wait until the child would be this old
    days: int | None = None  # kept for days, not years; dated by the day they expire

    def cutoff(self, today: dt.date) -> dt.date:
        """Records dated on or before this day are due."""
        if self.days is not None and self.kind in DATED_BY_EXPIRY:
            # Expired on or before yesterday: expired, whatever the hour.
            return today - dt.timedelta(days=1)
        if self.days is not None:
            return today - dt.timedelta(days=self.days)
        return years_before(today, self.years)

    def as_dict(self) -> dict:
        if self.days is not None:
            return {"days": self.days}
        return {"years": self.years} | (
            {"until_age": self.until_age} if self.kind == "cases" else {}
        )


ACTIONS = {
    "cases": "anonymise",
    "confidential_notes": "delete",
    "outbox_messages": "redact",
    "feedback": "delete",
    "format_requests": "delete",
    "audit_events": "delete",
    "saved_requests": "delete",
    "survey_comments": "redact",
    "survey_invitations": "delete",
    "provider_complaints": "redact",
    "webhook_deliveries": "delete",
    "unconfirmed_imports": "delete",
}


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _whole_number(value, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ImproperlyConfigured(
            f"SENDRESOLVE_RETENTION {where} must be a whole number from {low} to {high}, "
            f"not {value!r}."
        )
    return value


def retention_policy(overrides: dict | None = None) -> dict[str, Rule]:
    """The rules in force: the defaults with ``SENDRESOLVE_RETENTION`` (or ``overrides``) over
    them. Raises ``ImproperlyConfigured`` on an unknown kind or key or a bad number."""
    if overrides is None:
        overrides = getattr(settings, "SENDRESOLVE_RETENTION", None) or {}
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured("SENDRESOLVE_RETENTION must be a JSON object.")
    unknown = sorted(set(overrides) - set(KINDS))
    if unknown:
        raise ImproperlyConfigured(
            f"SENDRESOLVE_RETENTION has unknown kinds: {', '.join(unknown)} "
            f"(known: {', '.join(KINDS)})."
        )
    rules = {}
    for kind in KINDS:
        values = dict(DEFAULTS[kind])
        given = overrides.get(kind, {})
        if not isinstance(given, dict):
            raise ImproperlyConfigured(f"SENDRESOLVE_RETENTION {kind} must be a JSON object.")
        bad_keys = sorted(set(given) - set(values))
        if bad_keys:
            raise ImproperlyConfigured(
                f"SENDRESOLVE_RETENTION {kind} has unknown keys: {', '.join(bad_keys)} "
                f"(known: {', '.join(values)})."
            )
        values.update(given)
        if "days" in values:
            days = _whole_number(values["days"], f"{kind}.days", *DAYS_RANGES.get(kind, DAYS_RANGE))
            rules[kind] = Rule(kind=kind, action=ACTIONS[kind], years=0, days=days)
            continue
        years_key = "years_after_closure" if "years_after_closure" in values else "years"
        years = _whole_number(
            values[years_key], f"{kind}.{years_key}", MINIMUM_YEARS[kind], MAXIMUM_YEARS
        )
        until_age = values.get("until_age")
        if until_age is not None:
            until_age = _whole_number(until_age, f"{kind}.until_age", *AGE_RANGE)
        rules[kind] = Rule(kind=kind, action=ACTIONS[kind], years=years, until_age=until_age)
    return rules
