"""The case page's primary button is the next step that fits this case; the rest are secondary."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.services import ActionInput
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


def buttons(client, case) -> list[tuple[str, bool]]:
    """The buttons at the top of the case page: (action, primary?), in order."""
    html = client.get(reverse("staff:case", args=[case.reference])).content.decode()
    found = re.findall(r'data-action="([a-z_]+)" data-primary="(true|false)"', html)
    return [(name, primary == "true") for name, primary in found]


def primary(client, case) -> list[str]:
    return [name for name, is_primary in buttons(client, case) if is_primary]


@pytest.fixture
def april(time_machine):
    time_machine.move_to(dt.datetime(2024, 4, 10, 12, tzinfo=LONDON), tick=False)


def test_a_new_enquiry_suggests_recording_the_advice(world, as_persona, april):
    case = open_case(world)
    found = buttons(as_persona("provider_staff"), case)
    assert found[0] == ("advice_give", True)
    assert [name for name, is_primary in found if is_primary] == ["advice_give"]
    assert ("case_withdraw", False) in found


def test_after_advice_the_next_step_is_the_familys_request_not_declining(world, as_persona, april):
    case = open_case(world)
    services.advice_give(actor=world.users["provider_staff"], case=case, on=dt.date(2024, 4, 1))
    found = buttons(as_persona("provider_staff"), case)
    assert primary(as_persona("provider_staff"), case) == ["mediation_request"]
    assert ("mediation_decline", False) in found


def test_a_certificate_with_no_agreed_actions_suggests_closing_never_follow_up(
    world, as_persona, april
):
    adviser = world.users["provider_staff"]
    case = open_case(world)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 4, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 4, 2))
    client = as_persona("provider_staff")
    assert primary(client, case) == ["certificate_issue"]
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 4, 3))
    found = buttons(client, case)
    assert primary(client, case) == ["case_close"]
    assert "follow_up_start" not in [name for name, _ in found]
    assert "follow_up_start" not in actions_offered(adviser, case)


def test_a_concluded_mediation_with_agreed_actions_suggests_the_certificate_then_follow_up(
    world, as_persona, time_machine
):
    time_machine.move_to(dt.datetime(2025, 1, 20, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=dt.date(2024, 12, 2),
        subjects=("plan_provision",),
        decision_letter_date=dt.date(2024, 11, 29),
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 12, 3))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 12, 9))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 12, 10))
    client = as_persona("provider_staff")
    assert primary(client, case) == ["session_schedule"]
    session = services.session_schedule(
        actor=adviser,
        case=case,
        mode="online",
        on=dt.date(2024, 12, 20),
        starts_at=dt.datetime(2025, 1, 8, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2025, 1, 8, 12, tzinfo=LONDON),
    )
    # A meeting is arranged: the next step is on the meeting itself, not another meeting.
    assert primary(client, case) == []
    services.session_hold(actor=adviser, session=session)
    assert primary(client, case) == ["mediation_conclude"]
    (issue,) = case.issues.all()
    services.mediation_conclude(
        actor=adviser,
        case=case,
        on=dt.date(2025, 1, 8),
        outcomes={issue.pk: "partly_agreed"},
        agreement_text="Speech and language therapy weekly.",
        actions=[ActionInput("Amend section F", "local_authority", clock="amend_plan")],
    )
    assert primary(client, case) == ["certificate_issue"]
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2025, 1, 9))
    assert primary(client, case) == ["follow_up_start"]
    services.follow_up_start(actor=adviser, case=case, on=dt.date(2025, 1, 10))
    # Closing waits for the agreed action: it is not offered while it is open.
    assert "case_close" not in [name for name, _ in buttons(client, case)]
