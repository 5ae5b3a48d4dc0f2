"""After the tribunal: reg 44 / reg 45 clocks, recommendations and who must act, with real dates."""

import datetime as dt

import pytest

from sendresolve import law
from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline, CaseEvent
from sendresolve.cases.services import ActionInput
from sendresolve.cases.states import Status
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tribunal.models import ComplianceStep, Recommendation, TribunalDecision
from sendresolve.tribunal.services import (
    RecommendationInput,
    duty_step_complete,
    recommendation_respond,
    tribunal_decision_record,
)

pytestmark = pytest.mark.django_db


def pin(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(10), LONDON), tick=False)


def deadline(case, key) -> CaseDeadline:
    return CaseDeadline.objects.get(case=case, key=key)


def deadlines_by_id(case) -> dict[str, CaseDeadline]:
    return {d.deadline_id: d for d in case.deadlines.all()}


def certified_case(world, time_machine, *, subjects=("refusal_to_issue_plan",)):
    """A case whose certificate was issued in January 2024 and which was then closed. The
    family asked for mediation before declining it, so the LA sees the case (privacy by
    stage) and its officers can record what the tribunal decided."""
    pin(time_machine, dt.date(2024, 1, 10))
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 1, 8),
        decision_letter_date=dt.date(2024, 1, 2),
        subjects=subjects,
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 1, 9))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 1, 9))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 1, 9))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 1, 10))
    services.case_close(actor=adviser, case=case, on=dt.date(2024, 1, 10))
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    return case


def test_order_to_make_a_plan_reopens_the_case_with_the_las_5_and_11_week_clocks(
    world, time_machine
):
    case = certified_case(world, time_machine)
    pin(time_machine, dt.date(2024, 5, 21))
    decision = tribunal_decision_record(
        actor=world.users["la_officer"],
        case=case,
        outcome=TribunalDecision.Outcome.ORDER,
        decided_on=dt.date(2024, 5, 20),
        orders=["make_plan"],
        tribunal_reference="EH302/24/00042",
    )
    case.refresh_from_db()
    assert case.status == Status.AFTER_TRIBUNAL
    assert case.closed_on is None
    rows = deadlines_by_id(case)
    # Order of Mon 20 May 2024: draft in 5 weeks (24 June), final in 11 (5 August) — reg 44(2)(c).
    assert rows["order_draft_plan"].due_on == dt.date(2024, 6, 24)
    assert rows["order_final_plan"].due_on == dt.date(2024, 8, 5)
    for row in (rows["order_draft_plan"], rows["order_final_plan"]):
        assert row.responsible == "local_authority"
        assert row.responsible_label == "Barnet"
        assert row.rule_id == "ORD-02"
        assert row.legal_basis == ["SEND Regulations 2014 reg 44(2)(c)"]
        assert row.state == CaseDeadline.State.OPEN
    assert decision.duties.get().steps.count() == 2
    # The family appealed, so its appeal deadline is no longer shown as owed.
    assert rows["appeal_registration"].state == CaseDeadline.State.NOT_NEEDED
    assert CaseEvent.objects.filter(case=case, type="tribunal_decision").count() == 1


def test_order_clock_on_a_bank_holiday_stays_but_shows_the_working_day_before(world, time_machine):
    case = certified_case(world, time_machine)
    pin(time_machine, dt.date(2024, 5, 14))
    tribunal_decision_record(
        actor=world.users["provider_staff"],
        case=case,
        outcome="order",
        decided_on=dt.date(2024, 5, 13),
        orders=["school_only"],
    )
    row = deadlines_by_id(case)["order_school_change"]
    # 2 weeks from Mon 13 May 2024 is Mon 27 May, the spring bank holiday: weeks are calendar
    # weeks with no roll-forward, so the date stands and staff are told to aim for Fri 24 May.
    assert row.due_on == dt.date(2024, 5, 27)
    assert row.practical_due_on == dt.date(2024, 5, 24)
    assert row.rule_id == "ORD-04"


def test_order_clocks_run_from_the_day_the_order_was_sent_out(world, time_machine):
    case = certified_case(world, time_machine)
    pin(time_machine, dt.date(2024, 12, 30))
    tribunal_decision_record(
        actor=world.users["la_officer"],
        case=case,
        outcome="order",
        decided_on=dt.date(2024, 12, 20),
        sent_on=dt.date(2024, 12, 27),
        orders=["amend_plan"],
    )
    row = deadlines_by_id(case)["order_amended_plan"]
    # Sent Fri 27 Dec 2024 + 5 weeks = Fri 31 Jan 2025 (HMCTS: from the day it is sent out).
    assert row.trigger_date == dt.date(2024, 12, 27)
    assert row.due_on == dt.date(2025, 1, 31)


def test_order_to_assess_final_plan_done_makes_the_no_plan_notice_unneeded(world, time_machine):
    case = certified_case(world, time_machine, subjects=("refusal_to_assess",))
    la = world.users["la_officer"]
    pin(time_machine, dt.date(2024, 3, 25))
    decision = tribunal_decision_record(
        actor=la, case=case, outcome="order", decided_on=dt.date(2024, 3, 22), orders=["assess"]
    )
    rows = deadlines_by_id(case)
    # Fri 22 Mar 2024: tell the family within 2 weeks (5 Apr, across Easter: calendar weeks),
    # "no plan" within 10 (31 May), final plan within 14 (28 Jun) — reg 44(2)(b).
    assert rows["order_notify_will_assess"].due_on == dt.date(2024, 4, 5)
    assert rows["order_no_plan_notice"].due_on == dt.date(2024, 5, 31)
    assert rows["order_final_plan_after_assessment"].due_on == dt.date(2024, 6, 28)

    steps = {s.step: s for s in ComplianceStep.objects.filter(duty__decision=decision)}
    pin(time_machine, dt.date(2024, 4, 8))
    duty_step_complete(actor=la, step=steps["notify_will_assess"], on=dt.date(2024, 4, 8))
    pin(time_machine, dt.date(2024, 6, 20))
    duty_step_complete(actor=la, step=steps["final_plan_after_assessment"], on=dt.date(2024, 6, 20))
    rows = deadlines_by_id(case)
    assert rows["order_notify_will_assess"].state == CaseDeadline.State.BREACHED  # 3 days late
    assert rows["order_final_plan_after_assessment"].state == CaseDeadline.State.MET
    assert rows["order_no_plan_notice"].state == CaseDeadline.State.NOT_NEEDED
    steps["no_plan_notice"].refresh_from_db()
    with pytest.raises(ValidationError):
        duty_step_complete(actor=la, step=steps["no_plan_notice"], on=dt.date(2024, 6, 20))


def test_unopposed_appeal_runs_the_reg_45_clocks_from_the_day_the_la_told_the_tribunal(
    world, time_machine
):
    case = certified_case(world, time_machine, subjects=("plan_provision", "plan_placement"))
    pin(time_machine, dt.date(2024, 12, 19))
    tribunal_decision_record(
        actor=world.users["la_officer"],
        case=case,
        outcome="unopposed",
        decided_on=dt.date(2024, 12, 18),
        unopposed=["contents", "placement"],
    )
    rows = deadlines_by_id(case)
    # Wed 18 Dec 2024 + 5 weeks = Wed 22 Jan 2025 (reg 45(4)); + 2 weeks = Wed 1 Jan 2025,
    # New Year's Day: the date stands, aim for Tue 31 Dec 2024.
    assert rows["unopposed_amended_plan"].due_on == dt.date(2025, 1, 22)
    assert rows["unopposed_amended_plan"].rule_id == "UNO-02"
    assert rows["unopposed_school_change"].due_on == dt.date(2025, 1, 1)
    assert rows["unopposed_school_change"].practical_due_on == dt.date(2024, 12, 31)
    assert case.events.filter(type="unopposed_appeal").exists()


def test_health_recommendation_reply_is_owed_by_the_named_icb_within_5_weeks(world, time_machine):
    case = certified_case(world, time_machine, subjects=("plan_provision",))
    pin(time_machine, dt.date(2024, 4, 2))
    tribunal_decision_record(
        actor=world.users["provider_staff"],
        case=case,
        outcome="order",
        decided_on=dt.date(2024, 4, 1),
        orders=["amend_plan"],
        recommendations=[
            RecommendationInput(
                "health", "Speech and language therapy assessment", world.commissioning_body
            ),
            RecommendationInput("social_care", "Short breaks assessment"),
        ],
    )
    health = Recommendation.objects.get(case=case, area="health")
    social = Recommendation.objects.get(case=case, area="social_care")
    health_row = deadline(case, f"recommendation:{health.pk}")
    social_row = deadline(case, f"recommendation:{social.pk}")
    # Made on Easter Monday 1 Apr 2024 + 5 weeks = Mon 6 May 2024, the early May bank holiday.
    assert health_row.due_on == dt.date(2024, 5, 6)
    assert health_row.practical_due_on == dt.date(2024, 5, 3)
    assert health_row.rule_id == "REC-01"
    assert health_row.responsible == "commissioning_body"
    assert health_row.responsible_body == world.commissioning_body
    assert health_row.responsible_label == "NHS North Central London ICB"
    assert social_row.responsible == "local_authority"
    assert social_row.responsible_label == "Barnet"

    # The ICB answers for health only; the LA for social care only.
    icb, la = world.users["icb_officer"], world.users["la_officer"]
    pin(time_machine, dt.date(2024, 5, 10))
    with pytest.raises(NotFound):
        recommendation_respond(
            actor=icb, recommendation=social, on=dt.date(2024, 5, 10), response="will_follow"
        )
    with pytest.raises(NotFound):
        recommendation_respond(
            actor=la, recommendation=health, on=dt.date(2024, 5, 10), response="will_follow"
        )
    with pytest.raises(ValidationError):  # not following needs reasons
        recommendation_respond(
            actor=icb, recommendation=health, on=dt.date(2024, 5, 10), response="will_not_follow"
        )
    recommendation_respond(
        actor=icb,
        recommendation=health,
        on=dt.date(2024, 5, 10),
        response="will_not_follow",
        detail="The therapy is already commissioned through the school.",
    )
    health_row.refresh_from_db()
    assert health_row.state == CaseDeadline.State.BREACHED  # four days late
    assert health_row.met_on == dt.date(2024, 5, 10)


def test_a_missed_recommendation_reply_shows_complaint_ombudsman_and_judicial_review():
    health = [r.id for r in law.escalation_routes("REC-01", "commissioning_body")]
    social = [r.id for r in law.escalation_routes("REC-01", "local_authority")]
    order = [r.id for r in law.escalation_routes("ORD-02", "local_authority")]
    assert health == ["nhs_complaint", "phso", "judicial_review"]
    assert social == ["local_authority_complaint", "lgsco", "judicial_review"]
    assert order == ["local_authority_complaint", "secretary_of_state", "judicial_review", "lgsco"]
    assert all(r.legal_basis for r in law.escalation_routes("ORD-02", "local_authority"))
    assert law.escalation_routes("MED-02", "provider") == ()


@pytest.mark.parametrize(
    ("outcome", "orders", "unopposed", "recommendations"),
    [
        ("order", [], [], []),
        ("dismissed", ["make_plan"], [], []),
        ("unopposed", [], [], []),
        ("unopposed", [], ["contents"], [RecommendationInput("social_care", "x")]),
        ("withdrawn", ["make_plan"], [], []),
        ("order", ["make_plan"], [], [RecommendationInput("health", "therapy")]),  # no body
        ("order", ["not_an_order"], [], []),
        ("nonsense", [], [], []),
    ],
)
def test_an_impossible_decision_is_refused_and_changes_nothing(
    world, time_machine, outcome, orders, unopposed, recommendations
):
    case = certified_case(world, time_machine)
    before = set(case.deadlines.values_list("key", flat=True))
    pin(time_machine, dt.date(2024, 5, 21))
    with pytest.raises(ValidationError):
        tribunal_decision_record(
            actor=world.users["provider_staff"],
            case=case,
            outcome=outcome,
            decided_on=dt.date(2024, 5, 20),
            orders=orders,
            unopposed=unopposed,
            recommendations=recommendations,
        )
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert not TribunalDecision.objects.exists()
    assert set(case.deadlines.values_list("key", flat=True)) == before


def test_other_tenants_and_health_officers_cannot_record_a_decision(world, time_machine):
    case = certified_case(world, time_machine)
    pin(time_machine, dt.date(2024, 5, 21))
    for persona in ("other_la", "other_provider", "icb_officer"):
        with pytest.raises(NotFound):
            tribunal_decision_record(
                actor=world.users[persona],
                case=case,
                outcome="order",
                decided_on=dt.date(2024, 5, 20),
                orders=["make_plan"],
            )
    assert not TribunalDecision.objects.exists()


def test_agreement_without_the_la_the_icb_must_tell_it_within_a_week(world, time_machine):
    """Reg 42(4): agreement Mon 20 May 2024 → tell the LA by Mon 27 May (a bank holiday)."""
    pin(time_machine, dt.date(2024, 5, 1))
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 4, 15),
        decision_letter_date=dt.date(2024, 4, 10),
        subjects=("plan_provision",),
        health_care_in_issue=True,
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 16))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 4, 16))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 4, 17))
    start = dt.datetime(2024, 5, 20, 10, tzinfo=LONDON)
    session = services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        mode="online",
        on=dt.date(2024, 5, 1),
    )
    pin(time_machine, dt.date(2024, 5, 20))
    services.session_hold(actor=adviser, session=session)
    issue = case.issues.get()
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2024, 5, 20),
        outcomes={issue.pk: "agreed"},
        agreement_text="The ICB will fund speech and language therapy.",
        la_was_party=False,
        actions=[ActionInput("Fund speech and language therapy", "commissioning_body")],
    )
    row = deadline(case, "agreement_notified_to_la")
    assert row.due_on == dt.date(2024, 5, 27)
    assert row.rule_id == "AGR-03"
    assert row.responsible == "commissioning_body"
    assert row.responsible_label == "NHS North Central London ICB"
    action_row = case.deadlines.get(key__startswith="action:")
    assert action_row.due_on == dt.date(2024, 6, 3)  # reg 42(3): 2 weeks
    assert action_row.responsible_label == "NHS North Central London ICB"

    pin(time_machine, dt.date(2024, 5, 24))
    with pytest.raises(NotFound):
        services.agreement_la_notify(
            actor=world.users["la_officer"], case=case, on=dt.date(2024, 5, 24)
        )
    services.agreement_la_notify(
        actor=world.users["icb_officer"], case=case, on=dt.date(2024, 5, 24)
    )
    row.refresh_from_db()
    assert row.state == CaseDeadline.State.MET
    assert row.met_on == dt.date(2024, 5, 24)


def test_an_appeal_recorded_alongside_meets_the_familys_appeal_deadline(world, time_machine):
    case = certified_case(world, time_machine)
    row = deadline(case, "appeal_registration")
    assert row.state == CaseDeadline.State.NOT_NEEDED  # the case is closed
    pin(time_machine, dt.date(2024, 2, 5))
    open_one = open_case(
        world,
        opened_on=dt.date(2024, 1, 8),
        decision_letter_date=dt.date(2024, 1, 2),
        subjects=("refusal_to_issue_plan",),
    )
    services.proceeding_record(
        actor=world.users["provider_staff"],
        case=open_one,
        kind="tribunal_appeal",
        started_on=dt.date(2024, 2, 1),
    )
    row = deadline(open_one, "appeal_registration")
    assert row.due_on == dt.date(2024, 3, 4)  # 2 Jan + 2 months = Sat 2 Mar -> Mon 4 Mar
    assert row.state == CaseDeadline.State.MET
    assert row.met_on == dt.date(2024, 2, 1)
