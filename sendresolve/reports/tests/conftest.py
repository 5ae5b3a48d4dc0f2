"""A known set of cases in 2024 whose every figure the report tests assert exactly.

Barnet (Alpha Mediation):
  A  declined on Maundy Thu 28 Mar; certificate Thu 4 Apr (3rd working day: on time); 17 days
  B  declined 28 Mar; certificate Fri 5 Apr (4th working day: late by 1 day); 18 days
  C  LA told Tue 2 Apr; held Tue 30 Apr (within 30 days); section F agreed, section I not;
     LA action done on time; certificate Fri 3 May (on time); then a tribunal appeal; 31 days
  D  LA told 2 Apr; held Mon 13 May (late); section F partly agreed; certificate Mon 20 May
     (late by 4 days); 48 days
  E  LA told 2 Apr; LA cannot arrange Mon 22 Apr; deemed certificate Wed 24 Apr (on time); 22 days
  F  disagreement resolution (type 1) on 10 Apr; the school declined: not taken forward
Southend-on-Sea (Beta Mediation):
  G  declined Mon 15 Jul; certificate Wed 17 Jul (on time); 2 days
"""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.services import ActionInput, IssueInput
from sendresolve.core.clock import LONDON

YEAR_END = dt.datetime(2024, 12, 31, 12, tzinfo=LONDON)


def _open(
    world, *, la=None, provider=None, actor, opened_on, subjects, name, kind="mediation", **extra
):
    return services.case_open(
        actor=actor,
        provider=provider or world.provider,
        local_authority=la or world.local_authority,
        child_name=name,
        requester="parent",
        requester_name=f"Parent of {name}",
        email="parent@example.test",
        issues=[IssueInput(s, with_body=extra.pop("with_body", "")) for s in subjects],
        opened_on=opened_on,
        kind=kind,
        decision_letter_date=None if kind == "disagreement_resolution" else opened_on,
        **extra,
    )


def _declined(world, actor, name, opened_on, declined_on, issued_on, **kwargs):
    case = _open(
        world,
        actor=actor,
        opened_on=opened_on,
        subjects=("refusal_to_assess",),
        name=name,
        **kwargs,
    )
    services.advice_give(actor=actor, case=case, on=declined_on)
    services.mediation_decline(actor=actor, case=case, on=declined_on)
    services.certificate_issue(actor=actor, case=case, on=issued_on)
    return case


def _mediated(world, actor, name, *, held_on, results, issued_on, action_done_on=None):
    subjects = ("plan_provision", "plan_placement")[: len(results)]
    case = _open(world, actor=actor, opened_on=dt.date(2024, 4, 2), subjects=subjects, name=name)
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=actor, case=case, on=dt.date(2024, 4, 2))
    start = dt.datetime.combine(held_on, dt.time(10), LONDON)
    session = services.session_schedule(
        actor=actor,
        case=case,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        mode="online",
        on=dt.date(2024, 4, 3),
    )
    services.session_hold(actor=actor, session=session)
    issues = list(case.issues.order_by("id"))
    actions = (
        [ActionInput("Send the speech therapy report", "local_authority")] if action_done_on else []
    )
    services.mediation_conclude(
        actor=actor,
        case=case,
        on=held_on,
        outcomes={i.pk: r for i, r in zip(issues, results, strict=True)},
        agreement_text="Agreed in part." if any(r != "not_agreed" for r in results) else "",
        actions=actions,
    )
    if action_done_on:
        services.action_complete(actor=actor, action=case.actions.get(), on=action_done_on)
    services.certificate_issue(actor=actor, case=case, on=issued_on)
    return case


@pytest.fixture
def known_cases(world, time_machine, django_capture_on_commit_callbacks):
    # Each step's projections (the report facts) are fed after it commits: run them as the
    # commits of the requests that made these cases would.
    with django_capture_on_commit_callbacks(execute=True):
        return _known_cases(world, time_machine)


def _known_cases(world, time_machine):
    time_machine.move_to(YEAR_END, tick=False)
    staff = world.users["provider_staff"]
    cases = {
        "A": _declined(
            world, staff, "Case A", dt.date(2024, 3, 18), dt.date(2024, 3, 28), dt.date(2024, 4, 4)
        ),
        "B": _declined(
            world, staff, "Case B", dt.date(2024, 3, 18), dt.date(2024, 3, 28), dt.date(2024, 4, 5)
        ),
        "C": _mediated(
            world,
            staff,
            "Case C",
            held_on=dt.date(2024, 4, 30),
            results=("agreed", "not_agreed"),
            issued_on=dt.date(2024, 5, 3),
            action_done_on=dt.date(2024, 5, 10),
        ),
        "D": _mediated(
            world,
            staff,
            "Case D",
            held_on=dt.date(2024, 5, 13),
            results=("partly_agreed",),
            issued_on=dt.date(2024, 5, 20),
        ),
    }
    e = _open(
        world,
        actor=staff,
        opened_on=dt.date(2024, 4, 2),
        subjects=("refusal_to_assess",),
        name="Case E",
    )
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=staff, case=e, on=dt.date(2024, 4, 2))
    services.la_cannot_arrange(actor=staff, case=e, on=dt.date(2024, 4, 22))
    services.certificate_issue(actor=staff, case=e, on=dt.date(2024, 4, 24))
    cases["E"] = e
    services.proceeding_record(
        actor=staff, case=cases["C"], kind="tribunal_appeal", started_on=dt.date(2024, 5, 20)
    )
    f = _open(
        world,
        actor=staff,
        opened_on=dt.date(2024, 4, 10),
        subjects=("delay",),
        name="Case F",
        kind="disagreement_resolution",
        dr_type="family_body_duties",
        with_body="school",
    )
    school = services.party_add(actor=staff, case=f, role="school", name="Head")
    services.participation_record(actor=staff, party=school, agrees=False, on=dt.date(2024, 4, 12))
    cases["F"] = f
    other = world.users["other_provider"]
    cases["G"] = _declined(
        world,
        other,
        "Case G",
        dt.date(2024, 7, 15),
        dt.date(2024, 7, 15),
        dt.date(2024, 7, 17),
        la=world.other_local_authority,
        provider=world.other_provider,
    )
    return cases
