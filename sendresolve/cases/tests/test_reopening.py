"""Reopening a closed or withdrawn case, and undoing the last step recorded in error (issue 18)."""

import datetime as dt

import pytest

from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline, CaseEvent, Session
from sendresolve.cases.permissions import actions_offered
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.cases.states import DR_TRANSITIONS, TRANSITIONS, UNDOABLE
from sendresolve.cases.steps import STEP_ACTIONS, last_step
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotAllowed, NotFound, ValidationError
from sendresolve.tenancy.actors import actor_build

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 20, 10, tzinfo=LONDON)
KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def adviser(world):
    return world.users["provider_staff"]


@pytest.fixture
def informed(world, adviser, time_machine):
    """A case whose LA was told on 8 March 2024: the mediation must be held by 7 April."""
    time_machine.move_to(NOW, tick=False)
    case = open_case(world, actor=adviser)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.la_inform(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    return case


def held_deadline(case):
    return case.deadlines.filter(deadline_id="mediation_held").first()


def test_every_step_of_the_transition_tables_says_whether_it_may_be_undone():
    assert set(TRANSITIONS) | set(DR_TRANSITIONS) <= set(UNDOABLE)
    assert set(STEP_ACTIONS.values()) <= set(UNDOABLE)
    assert UNDOABLE["certificate_issue"] is False
    # Steps that wrote rows of their own are undone only where the undo puts them back.
    assert UNDOABLE["session_schedule"] is False
    assert UNDOABLE["mediation_conclude"] is False
    assert UNDOABLE["tribunal_decision_record"] is False


def test_a_withdrawn_case_reopens_to_where_it_was(adviser, informed):
    services.case_withdraw(actor=adviser, case=informed, on=NOW.date(), reason="Moved away.")
    informed.refresh_from_db()
    assert informed.closed_on == NOW.date()
    assert held_deadline(informed).state == CaseDeadline.State.NOT_NEEDED
    assert "case_reopen" in actions_offered(adviser, informed)
    event = services.case_reopen(actor=adviser, case=informed, reason="The family came back.")
    informed.refresh_from_db()
    assert informed.status == "la_informed"
    assert informed.closed_on is None
    assert held_deadline(informed).state == CaseDeadline.State.OPEN
    assert held_deadline(informed).due_on == dt.date(2024, 4, 7)
    assert (event.type, event.from_status, event.to_status) == (
        "case_reopened",
        "withdrawn",
        "la_informed",
    )
    assert event.detail == {"reason": "The family came back.", "status": "la_informed"}
    # Reopening keeps the withdrawal in the timeline.
    assert informed.events.filter(type="case_withdrawn").exists()
    assert "case_reopen" not in actions_offered(adviser, informed)


def test_a_closed_case_reopens_to_where_it_was(world, adviser, time_machine):
    time_machine.move_to(NOW, tick=False)
    case = open_case(world, actor=adviser)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.case_close(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    case.refresh_from_db()
    assert case.status == "closed"
    services.case_reopen(actor=adviser, case=case, reason="Closed too early.")
    case.refresh_from_db()
    assert case.status == "advice_given"
    assert case.closed_on is None


def test_reopening_needs_a_closed_case_a_reason_and_the_provider(world, adviser, informed):
    with pytest.raises(NotAllowed, match="Only a closed or withdrawn case"):
        services.case_reopen(actor=adviser, case=informed, reason="Why not.")
    services.case_withdraw(actor=adviser, case=informed, on=NOW.date())
    with pytest.raises(ValidationError) as error:
        services.case_reopen(actor=adviser, case=informed, reason="  ")
    assert error.value.field == "reason"
    with pytest.raises(NotFound):
        services.case_reopen(actor=world.users["la_officer"], case=informed, reason="Back.")
    informed.refresh_from_db()
    assert informed.status == "withdrawn"


def test_undoing_the_last_step_restores_the_status_and_the_deadlines(adviser, informed):
    assert held_deadline(informed).due_on == dt.date(2024, 4, 7)
    step = last_step(informed)
    assert step.type == "la_informed"
    assert actions_offered(adviser, informed).allows("step_undo", step.pk)
    undo = services.step_undo(actor=adviser, event=step, reason="Told the wrong council.")
    informed.refresh_from_db()
    assert informed.status == "mediation_requested"
    assert held_deadline(informed) is None
    assert not informed.events.filter(type="la_informed").exists()
    assert (undo.from_status, undo.to_status) == ("la_informed", "mediation_requested")
    assert undo.detail["reason"] == "Told the wrong council."
    assert undo.detail["undone"]["event_id"] == step.pk
    assert undo.detail["undone"]["type"] == "la_informed"
    assert undo.detail["undone"]["occurred_on"] == "2024-03-08"
    # The right date can now be recorded, even one before the day of the undo.
    services.la_inform(actor=adviser, case=informed, on=dt.date(2024, 3, 7))
    informed.refresh_from_db()
    assert informed.status == "la_informed"
    assert held_deadline(informed).due_on == dt.date(2024, 4, 6)


def test_two_steps_can_be_undone_one_after_the_other(adviser, informed):
    services.step_undo(actor=adviser, event=last_step(informed), reason="Wrong case.")
    informed.refresh_from_db()
    second = last_step(informed)
    assert second.type == "mediation_requested"
    services.step_undo(actor=adviser, event=second, reason="Wrong case.")
    informed.refresh_from_db()
    assert informed.status == "advice_given"
    assert informed.events.filter(type="step_undone").count() == 2


def test_undoing_a_meeting_recorded_as_held_arranges_it_again(adviser, informed, time_machine):
    session = services.session_schedule(
        actor=adviser,
        case=informed,
        starts_at=dt.datetime(2024, 3, 19, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 3, 19, 12, tzinfo=LONDON),
        mode="online",
        shorter_notice_agreed=True,
        on=dt.date(2024, 3, 11),
    )
    services.session_hold(actor=adviser, session=session)
    informed.refresh_from_db()
    assert held_deadline(informed).state == CaseDeadline.State.MET
    services.step_undo(actor=adviser, event=last_step(informed), reason="It did not happen.")
    informed.refresh_from_db()
    session.refresh_from_db()
    assert informed.status == "arranged"
    assert session.state == Session.State.SCHEDULED
    assert held_deadline(informed).state == CaseDeadline.State.OPEN


def test_a_certificate_issue_is_never_undone(world, adviser, time_machine):
    time_machine.move_to(NOW, tick=False)
    case = open_case(world, actor=adviser)
    services.advice_give(actor=adviser, case=case, on=dt.date(2024, 3, 6))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2024, 3, 7))
    services.certificate_issue(actor=adviser, case=case, on=dt.date(2024, 3, 8))
    case.refresh_from_db()
    step = last_step(case)
    assert step.type == "certificate_issued"
    assert "step_undo" not in actions_offered(adviser, case)
    with pytest.raises(NotAllowed, match="certificate that has been issued cannot be undone"):
        services.step_undo(actor=adviser, event=step, reason="Issued in error.")
    case.refresh_from_db()
    assert case.status == "certificate_issued"
    assert case.certificates.count() == 1


def test_only_the_last_step_and_only_an_undoable_one_is_undone(adviser, informed):
    earlier = informed.events.get(type="advice_given")
    with pytest.raises(NotAllowed, match="Only the last step"):
        services.step_undo(actor=adviser, event=earlier, reason="Wrong.")
    services.session_schedule(
        actor=adviser,
        case=informed,
        starts_at=dt.datetime(2024, 4, 2, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2024, 4, 2, 12, tzinfo=LONDON),
        mode="online",
    )
    informed.refresh_from_db()
    arranged = last_step(informed)
    assert "step_undo" not in actions_offered(adviser, informed)
    with pytest.raises(NotAllowed, match="“Mediation meeting arranged” cannot be undone"):
        services.step_undo(actor=adviser, event=arranged, reason="Wrong.")


def test_undo_needs_a_reason_and_the_provider(world, adviser, informed):
    step = last_step(informed)
    with pytest.raises(ValidationError) as error:
        services.step_undo(actor=adviser, event=step, reason="")
    assert error.value.field == "reason"
    with pytest.raises(NotFound):
        services.step_undo(actor=world.users["la_officer"], event=step, reason="Wrong.")
    assert CaseEvent.objects.filter(case=informed, type="step_undone").count() == 0


def test_the_same_undo_sent_twice_undoes_once(adviser, informed):
    actor = actor_build(adviser)
    step = last_step(informed)
    results = [
        action_perform(
            "step_undo",
            actor=actor,
            case=informed,
            submission_key=KEY,
            event=step,
            reason="Wrong council.",
        )
        for _ in range(2)
    ]
    assert isinstance(results[1], Replayed)
    informed.refresh_from_db()
    assert informed.status == "mediation_requested"
    assert CaseEvent.objects.filter(case=informed, type="step_undone").count() == 1
