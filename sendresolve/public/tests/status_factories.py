"""A case the family's status page has the most to say about (issue 20), built through the
real services: mediation held and concluded with a written agreement, three agreed actions
(one done), the mediator's confidential note, and a mediation certificate."""

import datetime as dt

from sendresolve.cases import services
from sendresolve.cases.services import ActionInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

SECRET = "Mother seemed very anxious CONFIDENTIAL-NOTE-TEXT"
AGREEMENT = "The council will carry out an EHC needs assessment.\nThe school will meet the family."


def agreed_case(world, *, opened_on=dt.date(2024, 4, 15), **extra):
    """Open and conclude a mediation on ``opened_on`` + about five weeks; the caller pins the
    time to on or after 20 May 2024."""
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=opened_on,
        decision_letter_date=opened_on - dt.timedelta(days=5),
        subjects=("refusal_to_assess",),
        **extra,
    )
    for step in (services.advice_give, services.mediation_request, services.la_inform):
        step(actor=adviser, case=case, on=opened_on + dt.timedelta(days=1))
    start = dt.datetime(2024, 5, 20, 10, tzinfo=LONDON)
    session = services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        mode="online",
        on=opened_on + dt.timedelta(days=2),
    )
    services.session_hold(actor=adviser, session=session)
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2024, 5, 20),
        outcomes={case.issues.get().pk: "agreed"},
        agreement_text=AGREEMENT,
        actions=[
            ActionInput("Carry out an EHC needs assessment", "local_authority", "assess"),
            ActionInput(
                "Meet the family to plan support",
                "school",
                "agreed_date",
                agreed_due_on=dt.date(2024, 6, 14),
            ),
            ActionInput("Send the latest school report", "family"),
        ],
        confidential_note=SECRET,
    )
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 5, 20))
    family_action = case.actions.get(owner="family")
    services.action_complete(actor=adviser, action=family_action, on=dt.date(2024, 5, 20))
    case.refresh_from_db()
    return case
