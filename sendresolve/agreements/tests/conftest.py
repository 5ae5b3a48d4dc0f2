import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.services import ActionInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

SECRET = "SECRET-NOTE: the council would go to two sessions a week"


@pytest.fixture
def mediator(world):
    """The world's colleague, the case's mediator: the case's mediator and managers word and
    issue the agreement (issue 23)."""
    return world.users["colleague"]


@pytest.fixture
def concluded(world, time_machine):
    """Mediation held on 8 January 2025 about three issues: one agreed, one partly, one not;
    three agreed actions under three clocks; a confidential note."""
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 2),
        subjects=("plan_provision", "plan_needs", "plan_placement"),
        decision_letter_date=dt.date(2024, 11, 29),
        child_name="Sam Lee Example",
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        on=dt.date(2024, 12, 20),
        starts_at=dt.datetime(2025, 1, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 8, 12, tzinfo=LONDON),
    )
    services.session_hold(actor=adviser, session=session)
    provision, needs, placement = case.issues.order_by("id")
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2025, 1, 8),
        outcomes={
            provision.pk: "agreed",
            needs.pk: "partly_agreed",
            placement.pk: "not_agreed",
        },
        agreement_text="Speech and language therapy weekly, delivered in school.",
        actions=[
            ActionInput("Amend section F to add weekly therapy", "local_authority", "amend_plan"),
            ActionInput("Send the therapy timetable", "school", "non_appealable"),
            ActionInput(
                "Share the latest OT report",
                "family",
                "agreed_date",
                agreed_due_on=dt.date(2025, 2, 14),
            ),
        ],
        confidential_note=SECRET,
    )
    services.case_assign(actor=adviser, case=case, assignee=world.users["colleague"])
    case.refresh_from_db()
    return case
