"""Cases in a known state, built through the real services (as the API would)."""

import datetime as dt

from sendresolve.cases import services
from sendresolve.cases.models import Outcome
from sendresolve.cases.services import ActionInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

CONFIDENTIAL = "Parent open to a different school if therapy is funded."


def case_in_follow_up(world):
    """Mediation held and partly agreed, certificate issued, actions being followed up.

    Health care is in issue and the ICB is named, so the ICB officer can see the case too.
    Needs the clock at or after 10 January 2025.
    """
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 2),
        subjects=("plan_needs", "plan_provision"),
        decision_letter_date=dt.date(2024, 11, 29),
        health_care_in_issue=True,
        commissioning_body=world.commissioning_body,
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        starts_at=dt.datetime(2025, 1, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 8, 13, tzinfo=LONDON),
        on=dt.date(2024, 12, 20),
    )
    services.session_hold(actor=adviser, session=session)
    needs, provision = case.issues.order_by("id")
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2025, 1, 8),
        outcomes={needs.pk: Outcome.Result.AGREED, provision.pk: Outcome.Result.NOT_AGREED},
        agreement_text="Section B will be amended to describe the speech needs.",
        actions=[
            ActionInput("Educational psychologist to visit", "local_authority"),
            ActionInput("Health visitor review", "commissioning_body"),
        ],
        confidential_note=CONFIDENTIAL,
    )
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2025, 1, 10))
    services.follow_up_start(actor=adviser, case=case, on=dt.date(2025, 1, 10))
    case.refresh_from_db()
    return case
