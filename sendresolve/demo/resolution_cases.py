"""Demo cases beyond mediation: disagreement resolution of each kind, health-only mediation,
and cases after the tribunal (an order with recommendations, an unopposed appeal).

Each is created through the same services staff pages call, dated from today, and known by its
child's name in Barnet (Global Mediation, with NHS North Central London ICB), so seeding twice
creates nothing new.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from sendresolve import law
from sendresolve.cases import services
from sendresolve.cases.models import Case
from sendresolve.cases.services import IssueInput
from sendresolve.core import clock
from sendresolve.tenancy.models import CommissioningBody, LocalAuthority, Provider
from sendresolve.tribunal.services import RecommendationInput, tribunal_decision_record

LA_NAME = "Barnet"
PROVIDER = "global-mediation"
ICB = "QMJ"
# The provider's manager takes the provider's steps: every step is theirs (issue 23).
ADVISER = "manager@global.demo"
OFFICER = "officer@barnet.demo"
COMMISSIONER = "commissioner@ncl-icb.demo"


class _Context:
    def __init__(self, today: dt.date):
        users = get_user_model().objects.filter(username__in=[ADVISER, OFFICER, COMMISSIONER])
        self.users = {u.username: u for u in users}
        self.today = today
        self.la = LocalAuthority.objects.get(name=LA_NAME)
        self.provider = Provider.objects.get(slug=PROVIDER)
        self.icb = CommissioningBody.objects.get(ods_code=ICB)

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def wd_ago(self, count: int) -> dt.date:
        return law.ENG_WD.add_working_days(self.today, -count)

    def open(self, child_name: str, opened_on: dt.date, issues, **extra) -> Case:
        values: dict[str, Any] = {
            "requester": "parent",
            "requester_name": f"{child_name.split()[1]} family",
            "email": f"{child_name.split()[0].lower()}.family@example.com",
        }
        values.update(extra)
        return services.case_open(
            actor=self.users[ADVISER],
            provider=self.provider,
            local_authority=self.la,
            child_name=child_name,
            issues=issues,
            opened_on=opened_on,
            **values,
        )

    def party(self, case, role, name, **extra):
        return services.party_add(
            actor=self.users[ADVISER], case=case, role=role, name=name, **extra
        )

    def answer(self, party, agrees, on, persona=ADVISER):
        services.participation_record(actor=self.users[persona], party=party, agrees=agrees, on=on)


def _dr_two_services(c: _Context) -> None:
    """Type 1: the LA and the school, about how they carry out their duties; no EHC plan."""
    opened = c.ago(6)
    case = c.open(
        "Ellis Parkhurst",
        opened,
        [
            IssueInput("support_without_plan", "SEN support reviews not held", "school"),
            IssueInput("delay", "No answer to the request for an assessment", "local_authority"),
        ],
        kind="disagreement_resolution",
        dr_type="family_body_duties",
        has_ehc_plan=False,
    )
    la = c.party(case, "la_officer", "Priya Lanchester", organisation=LA_NAME)
    c.party(case, "school", "Mrs Hollis, SENCo", organisation="Oakfield Primary School")
    c.answer(la, True, opened + dt.timedelta(days=2), persona=OFFICER)
    services.proceeding_record(
        actor=c.users[ADVISER],
        case=case,
        kind="school_complaint",
        started_on=c.ago(20),
        reference="OPS-2026-07",
        detail="Stage 1 complaint to the school, running alongside",
    )


def _dr_school_declined(c: _Context) -> None:
    """Type 2: the school declined, so disagreement resolution was not taken forward."""
    case = c.open(
        "Noor Bellingham",
        c.ago(30),
        [IssueInput("plan_provision", "Speech and language sessions in section F", "school")],
        kind="disagreement_resolution",
        dr_type="family_school_provision",
        has_ehc_plan=True,
    )
    school = c.party(case, "school", "Mr Adeyemi, Head", organisation="Northway Academy")
    c.answer(school, False, c.ago(24))


def _dr_health_agreed(c: _Context) -> None:
    """Type 3: the family and the ICB, about health provision while the plan is drafted; both
    agreed to take part, so the meeting can be arranged."""
    case = c.open(
        "Tariq Ashdown",
        c.ago(12),
        [IssueInput("health_services", "Occupational therapy in the draft plan", "health")],
        kind="disagreement_resolution",
        dr_type="family_health_social_care",
        has_ehc_plan=False,
    )
    health = c.party(case, "health", "Dr Kay Therapist", commissioning_body=c.icb)
    c.answer(health, True, c.ago(9), persona=COMMISSIONER)


def _dr_la_and_icb(c: _Context) -> None:
    """Type 4: the LA and the ICB, with no family party."""
    case = c.open(
        "Maya Fenwright",
        c.ago(3),
        [
            IssueInput(
                "assessment_or_planning_process", "Who funds the residential therapy", "health"
            )
        ],
        kind="disagreement_resolution",
        dr_type="la_health",
        requester="local_authority",
        requester_name="Priya Lanchester",
        email="priya.lanchester@example.com",
    )
    c.party(case, "health", "Continuing care lead", commissioning_body=c.icb)


def _health_only(c: _Context) -> None:
    """Health-only mediation: the ICB must hold it within 30 days of the LA's notice."""
    opened = c.wd_ago(12)
    case = c.open(
        "Ruby Calloway",
        opened,
        [IssueInput("plan_health_or_social_care", "Physiotherapy in section G")],
        kind="health_only_mediation",
        decision_letter_date=opened - dt.timedelta(days=10),
        decision_description="Final EHC plan issued",
    )
    adviser = c.users[ADVISER]
    services.advice_give(actor=adviser, case=case, on=c.wd_ago(11))
    services.mediation_request(actor=adviser, case=case, on=c.wd_ago(11))
    services.la_inform(actor=adviser, case=case, on=c.wd_ago(10))
    services.commissioning_body_notify(actor=c.users[OFFICER], case=case, on=c.wd_ago(8))


def _after_tribunal(c: _Context) -> None:
    """A tribunal order 6 weeks ago: the draft plan (5 weeks) and the ICB's reply are late."""
    opened = c.ago(120)
    case = c.open(
        "Oliver Quarrington",
        opened,
        [
            IssueInput("refusal_to_issue_plan"),
            IssueInput("plan_health_or_social_care", "Therapy and short breaks"),
        ],
        health_care_in_issue=True,
        decision_letter_date=opened - dt.timedelta(days=7),
        decision_description="Decision not to issue an EHC plan",
    )
    adviser = c.users[ADVISER]
    services.advice_give(actor=adviser, case=case, on=opened + dt.timedelta(days=1))
    services.mediation_decline(actor=adviser, case=case, on=opened + dt.timedelta(days=1))
    services.certificate_issue(actor=adviser, case=case, on=opened + dt.timedelta(days=3))
    # The family tells the adviser they appealed: the LA, the respondent, now sees the case
    # (privacy by stage) and records the tribunal's order.
    services.proceeding_record(
        actor=adviser,
        case=case,
        kind="tribunal_appeal",
        started_on=opened + dt.timedelta(days=4),
        reference="EH302/26/01177",
    )
    services.case_close(actor=adviser, case=case, on=opened + dt.timedelta(days=4))
    tribunal_decision_record(
        actor=c.users[OFFICER],
        case=case,
        outcome="order",
        decided_on=c.ago(42),
        orders=["make_plan"],
        tribunal_reference="EH302/26/01177",
        recommendations=[
            RecommendationInput("health", "A speech and language therapy assessment", c.icb),
            RecommendationInput("social_care", "An assessment for short breaks"),
        ],
    )


def _unopposed(c: _Context) -> None:
    """The LA told the tribunal it would not oppose a contents appeal: 5 weeks to amend."""
    opened = c.ago(70)
    case = c.open(
        "Harper Lindqvist",
        opened,
        [IssueInput("plan_provision", "Section F: one-to-one support")],
        decision_letter_date=opened - dt.timedelta(days=5),
        decision_description="Amended EHC plan",
    )
    adviser = c.users[ADVISER]
    services.advice_give(actor=adviser, case=case, on=opened + dt.timedelta(days=1))
    services.mediation_decline(actor=adviser, case=case, on=opened + dt.timedelta(days=1))
    services.certificate_issue(actor=adviser, case=case, on=opened + dt.timedelta(days=2))
    services.proceeding_record(
        actor=adviser, case=case, kind="tribunal_appeal", started_on=opened + dt.timedelta(days=3)
    )
    tribunal_decision_record(
        actor=c.users[OFFICER],
        case=case,
        outcome="unopposed",
        decided_on=c.ago(10),
        unopposed=["contents"],
    )


SEEDS: tuple[tuple[str, Callable[[_Context], None]], ...] = (
    ("Ellis Parkhurst", _dr_two_services),
    ("Noor Bellingham", _dr_school_declined),
    ("Tariq Ashdown", _dr_health_agreed),
    ("Maya Fenwright", _dr_la_and_icb),
    ("Ruby Calloway", _health_only),
    ("Oliver Quarrington", _after_tribunal),
    ("Harper Lindqvist", _unopposed),
)
CHILD_NAMES = tuple(name for name, _ in SEEDS)


def resolution_cases_seed() -> int:
    """Create each of these demo cases that does not exist yet; return how many were created."""
    context = _Context(clock.today())
    existing = set(
        Case.objects.filter(
            provider=context.provider, local_authority=context.la, child_name__in=CHILD_NAMES
        ).values_list("child_name", flat=True)
    )
    created = 0
    for name, seed in SEEDS:
        if name not in existing:
            seed(context)
            created += 1
    return created
