"""Create the demo cases (``case_data.CASES``) through the case services, dated from today.

Every case is opened with ``case_open`` and moved through its steps by the same services staff
pages call, so its events, audit trail, deadlines, certificates and messages are real. Only the
LA's venues and a case's extra parties are written here directly: they are reference details
with no business rule and no service of their own.

A demo case is known by its provider, LA and child's name; one that exists is left alone, so
seeding twice creates nothing new.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from sendresolve import law
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseDeadline, Party, Session, Venue
from sendresolve.cases.states import OPEN
from sendresolve.cases.vocabulary import PartyRole
from sendresolve.core import clock
from sendresolve.demo.case_data import (
    CASES,
    LA_OFFICERS,
    REMOTE_VENUES,
    SUPPORTERS,
    VENUES,
    Ago,
    DemoCase,
    WorkingDaysAgo,
)
from sendresolve.demo.resolution_cases import CHILD_NAMES as RESOLUTION_CHILDREN
from sendresolve.demo.resolution_cases import LA_NAME as RESOLUTION_LA
from sendresolve.demo.resolution_cases import PROVIDER as RESOLUTION_PROVIDER
from sendresolve.demo.resolution_cases import resolution_cases_seed
from sendresolve.tenancy.models import CommissioningBody, LocalAuthority, Membership, Provider
from sendresolve.tenancy.roles import PROVIDER_ROLES, Role

SESSION_START = dt.time(10, 0)
SESSION_HOURS = 3
# Steps that need the LA, the supporter and the school as parties first.
PARTY_STEPS = {"request", "inform"}


@dataclass(frozen=True)
class CaseSummary:
    total: int
    overdue: int
    created: int


def _date(today: dt.date, ago: Ago) -> dt.date:
    if isinstance(ago, WorkingDaysAgo):
        return law.ENG_WD.add_working_days(today, -ago.count)
    return today - dt.timedelta(days=ago)


def _working_day(today: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after (or, if negative, before) today."""
    return law.ENG_WD.add_working_days(today, count)


def _birthday(opened_on: dt.date, age: int, name: str) -> dt.date:
    # Some months past a birthday, varying by name, so the children are not all born one day.
    days = int(age * 365.25) + sum(map(ord, name)) % 300
    return opened_on - dt.timedelta(days=days)


def venues_seed(names) -> dict[str, list[Venue]]:
    """Create each LA's demo venues (idempotent) and return them by LA name."""
    out: dict[str, list[Venue]] = {}
    for la in LocalAuthority.objects.filter(name__in=names):
        out[la.name] = []
        for name, address, mode in (*VENUES.get(la.name, ()), *REMOTE_VENUES):
            venue, _ = Venue.objects.get_or_create(
                local_authority=la, name=name, defaults={"address": address, "mode": mode}
            )
            # Issue 22: the venue serves its LA and belongs to the provider commissioned there.
            venue.serves.add(la)
            if venue.provider_id is None:
                commission = la.commissions.order_by("pk").first()
                if commission is not None:
                    venue.provider_id = commission.provider_id
                    if mode == Venue.Mode.ONLINE:
                        venue.joining_link = f"https://meet.example.org/demo-{la.dfe_code}"
                    venue.save(update_fields=["provider", "joining_link"])
            out[la.name].append(venue)
    return out


def _parties_add(case: Case, demo: DemoCase) -> None:
    officer_name, officer_email = LA_OFFICERS[demo.local_authority]
    Party.objects.create(
        case=case,
        role=PartyRole.LA_OFFICER,
        name=officer_name,
        organisation=f"{demo.local_authority} Council, SEN team",
        email=officer_email,
        has_authority_to_agree=True,
    )
    supporter = SUPPORTERS.get(demo.local_authority, f"{demo.local_authority} SENDIASS")
    Party.objects.create(
        case=case, role=PartyRole.SUPPORTER, name="Jo Advocate", organisation=supporter
    )
    if demo.school:
        Party.objects.create(
            case=case, role=PartyRole.SCHOOL, name="Sam Senco", organisation=demo.school
        )
    if demo.health_care_in_issue:
        Party.objects.create(
            case=case,
            role=PartyRole.HEALTH,
            name="Dr Kay Therapist",
            organisation="Designated Clinical Officer, integrated care board",
        )


class _Seeder:
    def __init__(self, today: dt.date):
        self.today = today
        memberships = list(Membership.objects.select_related("user", "provider", "local_authority"))
        self.users = {m.user.username: m.user for m in memberships}
        self.providers = {p.slug: p for p in Provider.objects.all()}
        names = {demo.local_authority for demo in CASES}
        self.local_authorities = {
            la.name: la for la in LocalAuthority.objects.filter(name__in=names)
        }
        self.venues = venues_seed(names)
        self.bodies = {b.ods_code: b for b in CommissioningBody.objects.all()}
        self.staff = {}
        self.officers = {}
        # The provider's steps are taken by its manager, who may take every one (issue 23:
        # distinct powers per role); else by its adviser, else by anyone on its staff.
        preference = {Role.PROVIDER_MANAGER: 0, Role.ADVISER: 1}
        chosen: dict[str, int] = {}
        for m in memberships:
            if m.role in PROVIDER_ROLES and m.provider is not None:
                rank = preference.get(Role(m.role), 2)
                if rank < chosen.get(m.provider.slug, 3):
                    chosen[m.provider.slug] = rank
                    self.staff[m.provider.slug] = m.user
        for m in memberships:
            if m.role == Role.LA_OFFICER and m.local_authority is not None:
                self.officers[m.local_authority.name] = m.user

    def exists(self, demo: DemoCase) -> bool:
        return Case.objects.filter(
            provider=self.providers[demo.provider],
            local_authority=self.local_authorities[demo.local_authority],
            child_name=demo.child_name,
        ).exists()

    def create(self, demo: DemoCase) -> Case:
        today = self.today
        opened_on = _date(today, demo.opened)
        # The provider's manager takes the steps: each role has its own (issue 23), and the
        # demo case's assignee (an adviser, a mediator) may not take every one of them.
        staff = self.staff[demo.provider]
        # LA steps are recorded by the LA's own demo officer where there is one.
        la_actor = self.officers.get(demo.local_authority, staff)
        case = services.case_open(
            actor=staff,
            provider=self.providers[demo.provider],
            local_authority=self.local_authorities[demo.local_authority],
            child_name=demo.child_name,
            child_date_of_birth=_birthday(opened_on, demo.child_age, demo.child_name),
            requester=demo.requester,
            requester_name=demo.requester_name,
            email=demo.email,
            phone=demo.phone,
            preferred_channel=demo.preferred_channel,
            issues=[services.IssueInput(subject=s) for s in demo.issues],
            opened_on=opened_on,
            decision_description=demo.decision_description,
            decision_letter_date=opened_on - dt.timedelta(days=demo.letter_days_before_contact),
            health_care_in_issue=demo.health_care_in_issue,
            commissioning_body=self.bodies.get(demo.commissioning_body),
            assigned_to=self.users.get(demo.assignee),
        )
        if any(step in PARTY_STEPS for step, _ in demo.steps):
            _parties_add(case, demo)

        last = opened_on
        session = None
        for step, ago in demo.steps:
            on = max(last, _date(today, ago)) if ago is not None else last
            if step == "advice":
                services.advice_give(actor=staff, case=case, on=on)
            elif step == "decline":
                services.mediation_decline(actor=staff, case=case, on=on)
            elif step == "request":
                services.mediation_request(actor=staff, case=case, on=on)
            elif step == "inform":
                services.la_inform(actor=staff, case=case, on=on)
            elif step == "notify_health":
                services.commissioning_body_notify(actor=la_actor, case=case, on=on)
            elif step == "schedule":
                session = self._schedule(case, demo, staff, on)
            elif step == "hold":
                if session is None:  # pragma: no cover - a mistake in case_data
                    raise ValueError(f"{demo.child_name}: hold before schedule")
                session = services.session_hold(actor=staff, session=session)
                on = session.starts_at.astimezone(clock.LONDON).date()
            elif step == "conclude":
                self._conclude(case, demo, staff, on)
            elif step == "cannot_arrange":
                services.la_cannot_arrange(actor=la_actor, case=case, on=on)
            elif step == "certificate":
                services.certificate_issue(actor=staff, case=case, on=on)
            elif step == "follow_up":
                services.follow_up_start(actor=staff, case=case, on=on)
            elif step == "complete_actions":
                self._complete_actions(case, demo, staff, la_actor)
            elif step == "close":
                services.case_close(actor=staff, case=case, on=on)
            elif step == "withdraw":
                services.case_withdraw(actor=staff, case=case, on=on, reason=demo.withdraw_reason)
            else:  # pragma: no cover - a typo in case_data
                raise ValueError(f"Unknown demo step {step!r}")
            last = on
        case.refresh_from_db()
        if case.status != demo.status:  # pragma: no cover - a mistake in case_data
            raise AssertionError(f"{demo.child_name}: {case.status}, expected {demo.status}")
        return case

    def _schedule(self, case: Case, demo: DemoCase, staff, on: dt.date) -> Session:
        plan = demo.session
        if plan is None:  # pragma: no cover - a mistake in case_data
            raise ValueError(f"{demo.child_name}: schedule without a session plan")
        day = _working_day(self.today, plan.working_days_from_today)
        starts_at = dt.datetime.combine(day, SESSION_START, tzinfo=clock.LONDON)
        venue = next(v for v in self.venues[demo.local_authority] if v.mode == plan.mode)
        session = services.session_schedule(
            actor=staff,
            case=case,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=SESSION_HOURS),
            mode=plan.mode,
            venue=venue,
            attendees=case.parties.all(),
            on=on,
        )
        if plan.notice_sent:
            services.session_notice_send(actor=staff, session=session, on=on)
        return session

    def _conclude(self, case: Case, demo: DemoCase, staff, on: dt.date) -> None:
        issues = list(case.issues.order_by("id"))
        actions = [
            services.ActionInput(
                description=a.description,
                owner=a.owner,
                clock=a.clock,
                agreed_due_on=(
                    on + dt.timedelta(days=a.due_days_after_agreement)
                    if a.due_days_after_agreement is not None
                    else None
                ),
            )
            for a in demo.actions
        ]
        services.mediation_conclude(
            actor=staff,
            case=case,
            on=on,
            outcomes={
                issue.pk: result for issue, result in zip(issues, demo.outcomes, strict=True)
            },
            agreement_text=demo.agreement_text,
            actions=actions,
            confidential_note=demo.confidential_note,
        )

    def _complete_actions(self, case: Case, demo: DemoCase, staff, la_actor) -> None:
        for action, plan in zip(case.actions.order_by("id"), demo.actions, strict=True):
            if plan.done is None:
                continue
            actor = la_actor if action.owner == "local_authority" else staff
            on = max(_date(self.today, plan.done), action.agreement.agreed_on)
            services.action_complete(actor=actor, action=action, on=on)


def demo_cases_seed() -> int:
    """Create every demo case that does not exist yet; return how many were created."""
    seeder = _Seeder(clock.today())
    created = 0
    for demo in CASES:
        if not seeder.exists(demo):
            seeder.create(demo)
            created += 1
    return created + resolution_cases_seed()


def demo_cases() -> Q:
    """A filter for the demo cases."""
    condition = Q(pk__in=[])
    for demo in CASES:
        condition |= Q(
            provider__slug=demo.provider,
            local_authority__name=demo.local_authority,
            child_name=demo.child_name,
        )
    condition |= Q(
        provider__slug=RESOLUTION_PROVIDER,
        local_authority__name=RESOLUTION_LA,
        child_name__in=RESOLUTION_CHILDREN,
    )
    return condition


def demo_cases_summary(*, created: int = 0) -> CaseSummary:
    """How many demo cases there are, and how many open ones have a deadline missed that the
    provider, LA or health body owes (the work queue's "overdue")."""
    cases = Case.objects.filter(demo_cases())
    missed = (
        CaseDeadline.objects.filter(state=CaseDeadline.State.OPEN, due_on__lt=clock.today())
        .exclude(responsible="family")
        .values("case_id")
    )
    overdue = cases.filter(status__in=OPEN, pk__in=missed)
    return CaseSummary(total=cases.count(), overdue=overdue.count(), created=created)
