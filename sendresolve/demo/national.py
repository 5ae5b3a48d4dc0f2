"""A synthetic national data set: every English LA, ten years of SEND mediation, at any size.

``national_generate(cases=500_000)`` creates cases in the spread that the national figures
suggest (law.md §9): volumes by LA size and growing about 12% a year; half of the families who
get mediation advice decline mediation, about four in ten go on to a meeting, a few are not
arranged in 30 days or withdraw; about one in ten cases is disagreement resolution and a few are
health-only mediations. Each case gets its issues, a full timeline of events (about ten per case),
sessions, outcomes, agreements and agreed actions, certificates and every deadline, derived by
the law core exactly as case work derives them. Recent cases stop part-way through their journey
(their status is where they have reached by ``today``), so the work queues hold open cases with
open, due and overdue deadlines.

At the end, ``national_extras`` (``demo/national_extras.py``) books the meetings of the weeks
ahead in mediators' diaries and bills a year of months; ``generate_national --extras-only`` adds
only those to an existing national database.

Rows are written with ``bulk_create`` in batches, in one transaction per batch; nothing is
audited or sent (the data are synthetic). Names are synthetic too. Run it through
``manage.py generate_national``; it refuses to run in production.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from sendresolve.cases.deadlines import deadline_values, derive
from sendresolve.cases.models import (
    REFERENCE_ALPHABET,
    AgreedAction,
    Agreement,
    Case,
    CaseDeadline,
    CaseEvent,
    Certificate,
    Issue,
    Outcome,
    Party,
    Session,
)
from sendresolve.cases.projections import projections_refresh
from sendresolve.cases.states import TERMINAL, Status
from sendresolve.cases.vocabulary import CaseKind, DrType, EventType, Participation, PartyRole
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotAllowed
from sendresolve.demo.national_casework import casework_write, contract_terms_ensure
from sendresolve.demo.national_extras import Extras, national_extras
from sendresolve.tenancy.models import (
    Commission,
    CommissioningBody,
    LocalAuthority,
    Membership,
    Provider,
)
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.services import local_authorities_load

PROVIDERS = 12  # independent mediation providers share the country's LAs
ICBS = 42  # integrated care boards in England
ADVISERS_PER_PROVIDER = 12
# Relative size of an LA's SEND caseload by kind (counties are the largest).
KIND_WEIGHT = {
    "county": 4.0,
    "metropolitan_borough": 1.6,
    "unitary": 1.0,
    "london_borough": 1.0,
}
GROWTH = 1.12  # appeals and mediation requests rose about 12% a year (law.md §9)
FIRST_NAMES = ("Amir", "Bea", "Callum", "Dev", "Ella", "Finn", "Grace", "Hana", "Isaac", "Jade")
LAST_NAMES = ("Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fox", "Green", "Hughes", "Khan")
SUBJECT_WEIGHTS = {
    "plan_provision": 30,
    "refusal_to_assess": 24,
    "plan_placement": 14,
    "plan_needs": 10,
    "refusal_to_issue_plan": 8,
    "refusal_to_amend": 5,
    "cease_to_maintain": 3,
    "plan_health_or_social_care": 6,
}
DR_SUBJECTS = ("provision_not_delivered", "delay", "assessment_or_planning_process", "exclusion")


@dataclass
class Step:
    """One thing that happens on a case: an event (with the status it leads to)."""

    event: str
    after_days: int
    to_status: str | None = None


@dataclass
class Planned:
    """A case being built in memory, with everything that will be written for it."""

    case: Case
    subjects: list[str]
    events: list[CaseEvent] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    outcomes: list[tuple[int, str]] = field(default_factory=list)  # (issue index, result)
    agreement: Agreement | None = None
    actions: list[AgreedAction] = field(default_factory=list)


@dataclass(frozen=True)
class Generated:
    cases: int
    events: int
    deadlines: int
    open_cases: int
    seconds: float
    casework: int = 0  # contact log entries, tasks and documents
    extras: Extras | None = None  # diaries and invoices (``national_extras``)


def _journey(rng: random.Random, kind: str) -> list[Step]:
    """The steps one case goes through, start to finish (later cut at ``today``)."""
    if kind == CaseKind.DISAGREEMENT_RESOLUTION:
        steps = [Step(EventType.ASSIGNED, rng.randint(0, 2))]
        if rng.random() < 0.2:
            return [
                *steps,
                Step(EventType.PARTICIPATION_RECORDED, rng.randint(3, 12)),
                Step(EventType.NOT_TAKEN_FORWARD, rng.randint(0, 10), Status.NOT_TAKEN_FORWARD),
            ]
        return [
            *steps,
            Step(EventType.PARTICIPATION_RECORDED, rng.randint(3, 12)),
            Step(EventType.ALL_PARTIES_AGREED, rng.randint(0, 7), Status.PARTIES_AGREED),
            Step(EventType.SESSION_SCHEDULED, rng.randint(2, 10), Status.ARRANGED),
            Step(EventType.SESSION_HELD, rng.randint(7, 25), Status.HELD),
            Step(EventType.MEDIATION_CONCLUDED, rng.randint(0, 3), Status.CONCLUDED),
            Step(EventType.OUTCOME_RECORDED, 0),
            Step(EventType.CASE_CLOSED, rng.randint(5, 30), Status.CLOSED),
        ]
    steps = [
        Step(EventType.ASSIGNED, rng.randint(0, 1)),
        Step(EventType.ADVICE_GIVEN, rng.randint(0, 5), Status.ADVICE_GIVEN),
    ]
    roll = rng.random()
    if kind == CaseKind.MEDIATION and roll < 0.5:
        return [
            *steps,
            Step(EventType.MEDIATION_DECLINED, rng.randint(0, 10), Status.DECLINED),
            Step(EventType.CERTIFICATE_ISSUED, rng.choice((0, 1, 1, 2, 2, 3, 5))),
            Step(EventType.CASE_CLOSED, rng.randint(0, 14), Status.CLOSED),
        ]
    if roll < 0.58:
        return [*steps, Step(EventType.CASE_WITHDRAWN, rng.randint(2, 30), Status.WITHDRAWN)]
    steps += [
        Step(EventType.MEDIATION_REQUESTED, rng.randint(0, 3), Status.MEDIATION_REQUESTED),
        Step(EventType.LA_INFORMED, rng.randint(0, 3), Status.LA_INFORMED),
    ]
    if kind == CaseKind.HEALTH_ONLY_MEDIATION or rng.random() < 0.1:
        steps.append(Step(EventType.COMMISSIONING_BODY_NOTIFIED, rng.randint(0, 4)))
    if roll < 0.63:
        return [
            *steps,
            Step(EventType.LA_CANNOT_ARRANGE, rng.randint(10, 30), Status.NOT_ARRANGED),
            Step(EventType.CERTIFICATE_ISSUED, rng.choice((0, 1, 2, 3, 4))),
            Step(EventType.CASE_CLOSED, rng.randint(0, 14), Status.CLOSED),
        ]
    steps += [
        Step(EventType.SESSION_SCHEDULED, rng.randint(2, 12), Status.ARRANGED),
        Step(EventType.SESSION_NOTICE_SENT, rng.randint(0, 2)),
        Step(EventType.SESSION_HELD, rng.randint(6, 30), Status.HELD),
        Step(EventType.MEDIATION_CONCLUDED, rng.randint(0, 2), Status.CONCLUDED),
        Step(EventType.OUTCOME_RECORDED, 0),
        Step(EventType.CERTIFICATE_ISSUED, rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 6))),
    ]
    if rng.random() < 0.4:
        steps += [
            Step(EventType.FOLLOW_UP_STARTED, rng.randint(0, 3), Status.FOLLOW_UP),
            Step(EventType.ACTION_COMPLETED, rng.randint(5, 40)),
        ]
    return [*steps, Step(EventType.CASE_CLOSED, rng.randint(3, 30), Status.CLOSED)]


def synthetic_token(n: int, width: int) -> str:
    """``n`` written in the reference alphabet, ``width`` characters."""
    chars = []
    for _ in range(width):
        n, digit = divmod(n, len(REFERENCE_ALPHABET))
        chars.append(REFERENCE_ALPHABET[digit])
    if n:
        raise ValueError("too many for the width")
    return "".join(reversed(chars))


class _References:
    """Unique case references in the usual SR-XXXX-XXXX form, never clashing with existing ones."""

    def __init__(self, rng: random.Random):
        self.taken = set(Case.objects.values_list("reference", flat=True))
        self.space = len(REFERENCE_ALPHABET) ** 8
        self.step = 1_000_003  # prime, so the sequence visits every reference once
        self.next = rng.randrange(self.space)

    def __call__(self) -> str:
        while True:
            self.next = (self.next + self.step) % self.space
            token = synthetic_token(self.next, 8)
            reference = f"SR-{token[:4]}-{token[4:]}"
            if reference not in self.taken:
                self.taken.add(reference)
                return reference


def _tenants(rng: random.Random):
    """Every LA, the national providers with their commissions, ICBs and advisers."""
    local_authorities_load(actor=None)
    las = list(LocalAuthority.objects.order_by("dfe_code"))
    providers = []
    for n in range(1, PROVIDERS + 1):
        provider, _ = Provider.objects.get_or_create(
            slug=f"national-{n:02d}", defaults={"name": f"National Mediation {n:02d}"}
        )
        providers.append(provider)
    commissioned = {}
    existing = {
        c.local_authority_id: c.provider for c in Commission.objects.select_related("provider")
    }
    new = []
    for i, la in enumerate(las):
        if la.pk in existing:
            commissioned[la.pk] = existing[la.pk]
            continue
        provider = providers[i % PROVIDERS]
        commissioned[la.pk] = provider
        new.append(Commission(provider=provider, local_authority=la, starts_on=dt.date(2014, 9, 1)))
    Commission.objects.bulk_create(new)
    icbs = []
    for n in range(1, ICBS + 1):
        icb, created = CommissioningBody.objects.get_or_create(
            ods_code=f"Q{n:02d}N", defaults={"name": f"NHS National {n:02d} Integrated Care Board"}
        )
        if created:
            icb.local_authorities.set(las[n - 1 :: ICBS])
        icbs.append(icb)
    icb_for: dict[int, CommissioningBody] = {}
    for icb in icbs:
        for la in icb.local_authorities.all():
            icb_for.setdefault(la.pk, icb)
    User = get_user_model()
    # Advisers for every provider that gets cases (an LA commissioned before keeps its provider).
    wanted = {p.pk: p for p in commissioned.values()}
    names = {
        f"adviser{n:02d}@{p.slug}.national": p
        for p in wanted.values()
        for n in range(1, ADVISERS_PER_PROVIDER + 1)
    }
    taken = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    # Synthetic staff cannot sign in: an unusable password (Django's "!" prefix).
    new_users = [
        User(username=name, password=make_password(None)) for name in names if name not in taken
    ]
    User.objects.bulk_create(new_users)
    added = User.objects.filter(username__in=[u.username for u in new_users])
    Membership.objects.bulk_create(
        [Membership(user=u, role=Role.ADVISER, provider=names[u.username]) for u in added]
    )
    advisers: dict[int, list] = {pk: [] for pk in wanted}
    for user in User.objects.filter(username__in=names).order_by("username"):
        advisers[names[user.username].pk].append(user)
    weights = [KIND_WEIGHT.get(la.kind, 1.0) * rng.uniform(0.5, 1.5) for la in las]
    return las, weights, commissioned, icb_for, advisers


def _opened_on(rng: random.Random, first: dt.date, years: int) -> dt.date:
    """A day in the ``years`` before today, later years busier (``GROWTH`` a year)."""
    # Inverse of the exponential growth curve: uniform u -> year offset with density GROWTH**t.
    u = rng.random()
    total = GROWTH**years - 1
    t = math.log(1 + u * total, GROWTH)
    return first + dt.timedelta(days=int(t * 365.25))


def _plan_case(rng, *, reference, la, provider, icb, adviser, opened_on, today, certificate_no):
    roll = rng.random()
    kind = (
        CaseKind.DISAGREEMENT_RESOLUTION
        if roll < 0.09
        else CaseKind.HEALTH_ONLY_MEDIATION
        if roll < 0.12
        else CaseKind.MEDIATION
    )
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    case = Case(
        reference=reference,
        provider=provider,
        local_authority=la,
        kind=kind,
        status=Status.ENQUIRY,
        opened_on=opened_on,
        child_name=f"{first} {last}",
        child_date_of_birth=opened_on - dt.timedelta(days=rng.randint(3 * 365, 20 * 365)),
        requester="parent",
        requester_name=f"{rng.choice(FIRST_NAMES)} {last}",
        email=f"{first.lower()}.{last.lower()}@example.com",
        assigned_to=adviser,
    )
    if kind == CaseKind.DISAGREEMENT_RESOLUTION:
        case.dr_type = rng.choice(
            [
                DrType.FAMILY_BODY_DUTIES,
                DrType.FAMILY_SCHOOL_PROVISION,
                DrType.FAMILY_SCHOOL_PROVISION,
            ]
        )
        subjects = [rng.choice(DR_SUBJECTS)]
    elif kind == CaseKind.HEALTH_ONLY_MEDIATION:
        case.commissioning_body = icb
        case.health_care_in_issue = True
        subjects = ["plan_health_or_social_care"]
        case.decision_letter_date = opened_on - dt.timedelta(days=rng.randint(1, 50))
    else:
        names, weights = zip(*SUBJECT_WEIGHTS.items(), strict=True)
        subjects = sorted(set(rng.choices(names, weights, k=rng.choice((1, 1, 2, 3)))))
        case.decision_letter_date = opened_on - dt.timedelta(days=rng.randint(1, 50))
        case.decision_description = "The council's decision on the EHC plan"
        if "plan_health_or_social_care" in subjects:
            case.health_care_in_issue = True
            case.commissioning_body = icb
    planned = Planned(case=case, subjects=subjects)
    planned.issues = [Issue(subject=s, description="") for s in subjects]
    planned.parties = [Party(role=PartyRole.PARENT, name=case.requester_name, email=case.email)]
    if kind == CaseKind.DISAGREEMENT_RESOLUTION:
        planned.parties.append(
            Party(role=PartyRole.SCHOOL, name="Head teacher", participation=Participation.PENDING)
        )

    day, status = opened_on, Status.ENQUIRY
    planned.events.append(
        CaseEvent(type=EventType.CASE_OPENED, occurred_on=day, to_status=status, detail={})
    )
    for step in _journey(rng, kind):
        day = day + dt.timedelta(days=step.after_days)
        if day > today:
            break
        to_status = step.to_status or status
        if step.event == EventType.CERTIFICATE_ISSUED:
            certificate_kind = {
                Status.DECLINED: Certificate.Kind.DECLINED,
                Status.NOT_ARRANGED: Certificate.Kind.NOT_ARRANGED,
            }.get(status, Certificate.Kind.MEDIATION_CONCLUDED)
            if case.certificate_required(set(subjects)) is None:
                continue
            to_status = Status.CERTIFICATE_ISSUED
            planned.certificates.append(
                Certificate(
                    number=certificate_no(day),
                    kind=certificate_kind,
                    issued_on=day,
                    issued_by=adviser,
                    decision_description=case.decision_description,
                    issues=list(subjects),
                    appeal_deadline=day,  # replaced by the derived appeal deadline below
                    appeal_deadline_rule="",
                    pdf=b"",
                )
            )
        elif step.event == EventType.SESSION_SCHEDULED:
            starts = dt.datetime.combine(
                day + dt.timedelta(days=rng.randint(7, 25)), dt.time(10, 0), tzinfo=LONDON
            )
            planned.sessions.append(
                Session(
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=3),
                    mode=rng.choice(("in_person", "online", "online")),
                )
            )
        elif step.event == EventType.SESSION_NOTICE_SENT and planned.sessions:
            planned.sessions[-1].notice_sent_on = day
        elif step.event == EventType.SESSION_HELD and planned.sessions:
            session = planned.sessions[-1]
            session.state = Session.State.HELD
            day = max(day, session.starts_at.astimezone(LONDON).date())
            if day > today:
                session.state = Session.State.SCHEDULED
                break
        elif step.event == EventType.OUTCOME_RECORDED:
            results = [
                rng.choices(("agreed", "partly_agreed", "not_agreed"), (45, 25, 30))[0]
                for _ in planned.issues
            ]
            planned.outcomes = list(enumerate(results))
            if any(r != "not_agreed" for r in results) and kind != CaseKind.DISAGREEMENT_RESOLUTION:
                planned.agreement = Agreement(
                    agreed_on=day, text="The parties agreed the actions listed."
                )
        elif step.event == EventType.FOLLOW_UP_STARTED and planned.agreement:
            clock = rng.choice(
                [AgreedAction.Clock.NON_APPEALABLE, AgreedAction.Clock.AMEND_PLAN]
                + [AgreedAction.Clock.ASSESS] * ("refusal_to_assess" in subjects)
            )
            planned.actions.append(
                AgreedAction(
                    description="Amend section F as agreed",
                    owner=AgreedAction.Owner.LOCAL_AUTHORITY,
                    clock=clock,
                )
            )
        elif step.event == EventType.FOLLOW_UP_STARTED and kind != CaseKind.DISAGREEMENT_RESOLUTION:
            continue
        elif step.event == EventType.ACTION_COMPLETED and planned.actions:
            planned.actions[-1].completed_on = day
        elif step.event == EventType.ACTION_COMPLETED:
            continue
        planned.events.append(
            CaseEvent(
                type=step.event,
                occurred_on=day,
                actor=adviser,
                from_status=status,
                to_status=to_status,
                detail={},
            )
        )
        status = to_status
    case.status = status
    if status in TERMINAL:
        case.closed_on = day
    return planned


def _write(batch: list[Planned], recorded_at: dt.datetime) -> tuple[int, int]:
    """Write one batch of planned cases and everything on them; return (events, deadlines)."""
    cases = Case.objects.bulk_create([p.case for p in batch])
    for planned, case in zip(batch, cases, strict=True):
        for row in (
            *planned.issues,
            *planned.parties,
            *planned.sessions,
            *planned.certificates,
            *planned.events,
        ):
            row.case = case  # type: ignore[attr-defined]  # each of these models has a case
        if planned.agreement:
            planned.agreement.case = case
        for event in planned.events:
            event.recorded_at = recorded_at
    Issue.objects.bulk_create([i for p in batch for i in p.issues])
    Party.objects.bulk_create([x for p in batch for x in p.parties])
    Session.objects.bulk_create([s for p in batch for s in p.sessions])
    Agreement.objects.bulk_create([p.agreement for p in batch if p.agreement])
    for planned in batch:
        for action in planned.actions:
            action.case = planned.case
            if planned.agreement is not None:  # agreed actions come with their agreement
                action.agreement = planned.agreement
    AgreedAction.objects.bulk_create([a for p in batch for a in p.actions])
    Outcome.objects.bulk_create(
        [
            Outcome(case=p.case, issue=p.issues[i], result=result)
            for p in batch
            for i, result in p.outcomes
        ]
    )
    deadlines = []
    for planned in batch:
        case = planned.case
        derived = derive(
            case,
            events=planned.events,
            certificates=planned.certificates,
            sessions=planned.sessions,
            actions=planned.actions,
            subjects=set(planned.subjects),
            agreement=planned.agreement,
        )
        terminal = case.status in TERMINAL
        for item in derived:
            if item.deadline.id == "appeal_registration":
                for certificate in planned.certificates:
                    certificate.appeal_deadline = item.deadline.date
                    certificate.appeal_deadline_rule = item.deadline.rule
            deadlines.append(
                CaseDeadline(
                    case=case, key=item.key, **deadline_values(case, item, terminal=terminal)
                )
            )
    Certificate.objects.bulk_create([c for p in batch for c in p.certificates])
    events = CaseEvent.objects.bulk_create([e for p in batch for e in p.events])
    CaseDeadline.objects.bulk_create(deadlines)
    # The batch's own rows are written directly, in the batch's transaction: so are its
    # projections (read back, as case work would leave them after its commit).
    projections_refresh([case.pk for case in cases])
    return len(events), len(deadlines)


def national_generate(
    *,
    cases: int,
    years: int = 10,
    today: dt.date,
    seed: int = 2014,
    batch_size: int = 2_000,
    progress: Callable[[int], None] | None = None,
) -> Generated:
    """Add ``cases`` synthetic cases over ``years`` years up to ``today`` (see module doc)."""
    if not settings.DEVELOPMENT:
        raise NotAllowed("Synthetic data is never created in production.")
    if cases < 1:
        raise ValueError("--cases must be at least 1")
    begun = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    first = today - dt.timedelta(days=int(years * 365.25))
    with transaction.atomic():
        las, weights, commissioned, icb_for, advisers = _tenants(rng)
        contract_terms_ensure(first)
    references = _References(rng)
    # The casework has its own generator, so the cases stay the same for a seed with or without it.
    casework_rng = random.Random(seed + 1)  # noqa: S311 - synthetic data, not security
    casework = documents = 0
    taken = set(Certificate.objects.values_list("number", flat=True))
    serial: dict[int, int] = {}

    def certificate_no(day: dt.date) -> str:
        """``MC-2025-N0XXXX``: the usual shape, and never one case work makes (its numbers
        have no 0), so the two cannot clash; 923,521 a year."""
        while True:
            serial[day.year] = n = serial.get(day.year, 0) + 1
            number = f"MC-{day.year}-N0{synthetic_token(n, 4)}"
            if number not in taken:
                return number

    recorded_at = dt.datetime.combine(today, dt.time(9), tzinfo=LONDON)
    events = deadlines = open_cases = made = 0
    while made < cases:
        size = min(batch_size, cases - made)
        batch = []
        for la in rng.choices(las, weights, k=size):
            provider = commissioned[la.pk]
            batch.append(
                _plan_case(
                    rng,
                    reference=references(),
                    la=la,
                    provider=provider,
                    icb=icb_for.get(la.pk),
                    adviser=rng.choice(advisers[provider.pk]),
                    opened_on=_opened_on(rng, first, years),
                    today=today,
                    certificate_no=certificate_no,
                )
            )
        with transaction.atomic():
            e, d = _write(batch, recorded_at)
            rows, documents = casework_write(
                [p.case for p in batch], today=today, rng=casework_rng, documents_before=documents
            )
            casework += rows
        events, deadlines, made = events + e, deadlines + d, made + size
        open_cases += sum(p.case.status not in TERMINAL for p in batch)
        if progress:
            progress(made)
    # The diaries and a year of invoices, over every case written (and any there before).
    extras = national_extras(today=today, seed=seed)
    return Generated(
        made, events, deadlines, open_cases, time.perf_counter() - begun, casework, extras
    )
