"""The needs through the recorder: staff and family changes, a supporter, and the rules."""

import datetime as dt

import pytest

from sendresolve.audit.models import AuditEvent
from sendresolve.cases.models import Party
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.participation.models import ParticipationNeeds
from sendresolve.participation.selectors import interpreter_language, needs_for, needs_panel
from sendresolve.participation.services import NeedsInput, needs_give
from sendresolve.tenancy.actors import FamilyActor

pytestmark = pytest.mark.django_db

POLISH = NeedsInput(
    interpreter_language="Polish", access=("step_free",), times=("weekday_mornings",)
)


def family(case):
    return FamilyActor(user=None, user_id=None, case_id=case.pk)


def test_no_needs_means_no_interpreter_and_an_empty_unsaved_record(case):
    assert interpreter_language(case) == ""
    assert needs_for(case).pk is None


def test_staff_change_is_recorded_once_per_submission_and_audited_without_the_answers(world, case):
    adviser = world.users["provider_staff"]
    first = action_perform(
        "participation_needs_change",
        actor=adviser,
        case=case,
        submission_key="k" * 32,
        needs=POLISH,
    )
    again = action_perform(
        "participation_needs_change",
        actor=adviser,
        case=case,
        submission_key="k" * 32,
        needs=POLISH,
    )
    assert isinstance(again, Replayed) and again.result == first
    assert interpreter_language(case) == "Polish"
    events = case.events.filter(type="participation_needs_changed")
    assert events.count() == 1
    assert events.get().detail["fields"] == ["access", "interpreter_language", "times"]
    audit = AuditEvent.objects.get(action="case.participation_needs_change")
    assert "Polish" not in str(audit.detail)
    assert audit.detail["fields"] == ["access", "interpreter_language", "times"]


def test_the_same_answers_again_are_refused_as_no_change(world, case):
    adviser = world.users["provider_staff"]
    action_perform("participation_needs_change", actor=adviser, case=case, needs=POLISH)
    with pytest.raises(ValidationError, match="already recorded"):
        action_perform("participation_needs_change", actor=adviser, case=case, needs=POLISH)


@pytest.mark.parametrize("persona", ["la_officer", "icb_officer", "other_provider", "other_la"])
def test_only_the_provider_changes_the_needs(world, case, persona):
    with pytest.raises(NotFound):
        action_perform(
            "participation_needs_change", actor=world.users[persona], case=case, needs=POLISH
        )
    assert not ParticipationNeeds.objects.exists()


def test_staff_may_not_use_the_familys_action_nor_the_family_the_staff_one(world, case):
    with pytest.raises(NotFound):
        action_perform(
            "participation_needs_family_change",
            actor=world.users["provider_staff"],
            case=case,
            needs=POLISH,
        )
    with pytest.raises(NotFound):
        action_perform("participation_needs_change", actor=family(case), case=case, needs=POLISH)


def test_the_family_changes_their_needs_but_not_the_supporter_that_way(world, case):
    action_perform(
        "supporter_name",
        actor=family(case),
        case=case,
        name="Gran Example",
        relationship="grandmother",
        contact="gran@example.test",
        attends=True,
    )
    changed = NeedsInput(bsl=True, child_ways=("drawing",), supporter_name="Someone Else")
    result = action_perform(
        "participation_needs_family_change",
        actor=family(case),
        case=case,
        submission_key="f" * 32,
        needs=changed,
    )
    assert result.bsl and result.child_ways == ["drawing"]
    assert result.supporter_name == "Gran Example"  # named on its own page only
    repeat = action_perform(
        "participation_needs_family_change",
        actor=family(case),
        case=case,
        submission_key="f" * 32,
        needs=changed,
    )
    assert isinstance(repeat, Replayed)
    assert case.events.filter(type="participation_needs_changed").count() == 1


def test_a_supporter_who_attends_is_invited_as_a_party_and_removed_when_they_will_not(world, case):
    needs = action_perform(
        "supporter_name",
        actor=family(case),
        case=case,
        name="Gran Example",
        relationship="grandmother",
        contact="gran@example.test",
        attends=True,
    )
    party = Party.objects.get(case=case, role="supporter")
    assert (party.name, party.email, party.organisation) == (
        "Gran Example",
        "gran@example.test",
        "grandmother",
    )
    assert needs.supporter_party == party
    assert case.events.filter(type="supporter_named").count() == 1
    action_perform(
        "supporter_name",
        actor=family(case),
        case=case,
        name="Gran Example",
        relationship="grandmother",
        contact="07700 900982",
        attends=False,
    )
    assert not Party.objects.filter(case=case, role="supporter").exists()
    assert needs_for(case).supporter_contact == "07700 900982"


def test_bad_answers_name_the_field_to_correct(world, case):
    adviser = world.users["provider_staff"]
    for needs, field in (
        (NeedsInput(child_ways=("written", "not_taking_part")), "child_ways"),
        (NeedsInput(access=("helipad",)), "access"),
        (NeedsInput(supporter_contact="gran@"), "supporter_name"),
        (NeedsInput(supporter_name="Gran", supporter_contact="gran@"), "supporter_contact"),
        (NeedsInput(interpreter_language="x" * 81), "interpreter_language"),
    ):
        with pytest.raises(ValidationError) as error:
            action_perform("participation_needs_change", actor=adviser, case=case, needs=needs)
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        action_perform(
            "supporter_name",
            actor=family(case),
            case=case,
            name="  ",
            relationship="",
            contact="",
            attends=True,
        )
    assert error.value.field == "supporter_name"


def test_needs_given_with_a_request_are_saved_and_audited_by_question(world, case):
    needs_give(
        case=case,
        answers={
            "interpreter": ["spoken"],
            "interpreter_language": "Polish",
            "bsl": False,
            "access": ["quiet_room"],
            "supporter_name": "Pat Friend",
            "supporter_attends": "yes",
            "child_name": "not a needs answer",
        },
    )
    assert interpreter_language(case) == "Polish"
    assert Party.objects.filter(case=case, role="supporter", name="Pat Friend").exists()
    audit = AuditEvent.objects.get(action="case.participation_needs.given")
    assert "Polish" not in str(audit.detail)


def test_la_and_icb_see_interpreter_and_venue_needs_only(world, case):
    action_perform(
        "participation_needs_change",
        actor=world.users["provider_staff"],
        case=case,
        needs=NeedsInput(
            interpreter_language="Polish",
            access=("hearing_loop",),
            access_other="Anxiety: needs breaks",
            times_note="Not Fridays",
            supporter_name="Gran Example",
        ),
    )
    provider = needs_panel(world.users["provider_staff"], case)
    assert provider is not None and provider.full
    shown = {row.key: row.value for row in provider.rows}
    assert shown["Other access needs"] == "Anxiety: needs breaks"
    for persona in ("la_officer", "icb_officer"):
        panel = needs_panel(world.users[persona], case)
        assert panel is not None and not panel.full
        rows = {row.key: row.value for row in panel.rows}
        assert rows == {
            "Interpreter": "Polish",
            "British Sign Language": "Not needed",
            "Access": "A hearing loop",
        }
    for persona in ("other_la", "other_provider", "anonymous"):
        assert needs_panel(world.users[persona], case) is None


def test_consent_date_not_in_the_future(world, case):
    with pytest.raises(ValidationError) as error:
        action_perform(
            "child_views_record",
            actor=world.users["colleague"],
            case=case,
            way="written",
            text="I like my school.",
            consent=True,
            consent_on=dt.date(2025, 1, 21),
        )
    assert error.value.field == "consent_on"
