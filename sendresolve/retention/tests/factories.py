"""Cases with a full history, built through the real services at pinned times."""

import datetime as dt

from sendresolve.cases import services
from sendresolve.cases.services import ActionInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON


def _at(time_machine, day: dt.date, hour: int = 12) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON), tick=False)


def mediated_case(
    world,
    time_machine,
    *,
    opened_on: dt.date,
    closed_on: dt.date | None = None,
    child_name: str = "Sam Example",
    requester_name: str = "Alex Example",
    email: str = "alex@example.test",
    note: str = "SECRET-NOTE: parent would accept fortnightly.",
):
    """A mediation from first contact to certificate, with a meeting, a written agreement, an
    agreed action and a confidential note; closed on ``closed_on`` if given.

    Each step happens on its own day, and the clock is moved to that day first, so every
    record (events, messages, audit events) is dated as it would be in real life.
    """
    adviser = world.users["provider_staff"]
    _at(time_machine, opened_on)
    case = open_case(
        world,
        opened_on=opened_on,
        subjects=("plan_provision",),
        decision_letter_date=opened_on - dt.timedelta(days=3),
        child_name=child_name,
        requester_name=requester_name,
        email=email,
        phone="07700 900982",
        address="1 Example Street\nExampletown\nEX1 1EX",
        child_date_of_birth=dt.date(2014, 5, 1),
    )
    day = opened_on
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        day += dt.timedelta(days=1)
        _at(time_machine, day)
        step(actor=adviser, case=case, on=day)
    meeting_day = day + dt.timedelta(days=10)
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        on=day,
        starts_at=dt.datetime.combine(meeting_day, dt.time(10), tzinfo=LONDON),
        ends_at=dt.datetime.combine(meeting_day, dt.time(12), tzinfo=LONDON),
    )
    _at(time_machine, meeting_day, 14)
    services.session_hold(actor=adviser, session=session)
    (issue,) = case.issues.all()
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=meeting_day,
        outcomes={issue.pk: "partly_agreed"},
        agreement_text=f"{child_name} will have speech and language therapy weekly.",
        actions=[ActionInput("Amend section F", "local_authority", clock="amend_plan")],
        confidential_note=note,
    )
    certificate_day = meeting_day + dt.timedelta(days=1)
    _at(time_machine, certificate_day)
    services.certificate_issue(actor=adviser, case=case, on=certificate_day)
    if closed_on is not None:
        _at(time_machine, closed_on)
        services.case_close(actor=adviser, case=case, on=closed_on)
    case.refresh_from_db()
    return case
