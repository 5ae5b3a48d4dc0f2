"""The body of ``POST /api/v1/cases/{reference}/actions``: one serializer per action.

Which actions there are, and which service each calls, comes from the action catalogue
(``cases.actions``): an action names a hand-written serializer here or in ``resolution``, or
gets one generated from its fields. ``service_kwargs`` turns the validated body into the
service's keyword arguments.
"""

from django.contrib.auth import get_user_model
from django.utils.module_loading import import_string
from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.common import (
    MULTILINE,
    CalendarDateField,
    OnSerializer,
    StrictSerializer,
)
from sendresolve.cases import services
from sendresolve.cases.actions import ACTIONS as CATALOGUE
from sendresolve.cases.models import AgreedAction, Outcome
from sendresolve.cases.vocabulary import CancelledBy
from sendresolve.core.errors import ValidationError
from sendresolve.tenancy.selectors import providers_for


class ActionSerializer(OnSerializer):
    """Base: ``{"action": "<name>", "on": "YYYY-MM-DD"}``."""

    action: serializers.Field = serializers.CharField(help_text="Which action to record.")

    def service_kwargs(self, data, case) -> dict:
        return {"on": data["on"]}


def _action(name: str, doc: str, base=ActionSerializer):
    """Declare an action serializer for ``base``'s fields, its ``action`` fixed to ``name``."""
    return type(
        "".join(part.title() for part in name.split("_")) + "ActionSerializer",
        (base,),
        {
            "__doc__": doc,
            "__module__": __name__,
            "action": serializers.ChoiceField(choices=[name]),
        },
    )


CommissioningBodyNotifyActionSerializer = _action(
    "commissioning_body_notify",
    "The LA notified the health commissioning body (health care in issue).",
)


class ReasonActionSerializer(ActionSerializer):
    """Base for a date and an optional reason."""

    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def service_kwargs(self, data, case) -> dict:
        return {"on": data["on"], "reason": data["reason"]}


class SessionCancelActionSerializer(ReasonActionSerializer):
    """Cancel an arranged meeting; the family and everyone invited are told. Another can then
    be arranged. (``POST …/sessions/{id}/cancellation`` does the same.)"""

    action = serializers.ChoiceField(choices=["session_cancel"])
    session = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The meeting's id, from the case's sessions."
    )
    cancelled_by = serializers.ChoiceField(
        choices=CancelledBy.choices, required=False, default="", help_text="Who called it off."
    )

    def service_kwargs(self, data, case) -> dict:
        session = case.sessions.filter(pk=data["session"]).first()
        if session is None:
            raise ValidationError("No such meeting on this case.", field="session")
        return {
            "session": session,
            "on": data["on"],
            "reason": data["reason"],
            "cancelled_by": data["cancelled_by"],
        }


# -- reopening and undoing (issue 18) -----------------------------------------------------------


class CaseReopenActionSerializer(StrictSerializer):
    """Reopen a closed or withdrawn case: it goes back to the status it had before."""

    action = serializers.ChoiceField(choices=["case_reopen"])
    reason = serializers.CharField(max_length=300, help_text="Why the case is reopened.")

    def service_kwargs(self, data, case) -> dict:
        return {"reason": data["reason"]}


class StepUndoActionSerializer(StrictSerializer):
    """Undo the case's last step, recorded in error (never a certificate issue): the case goes
    back to the status it had before and its deadlines are worked out again."""

    action = serializers.ChoiceField(choices=["step_undo"])
    event = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The last step's event id: the ``items`` of ``step_undo`` in the case's "
        "actions, or its id in the timeline.",
    )
    reason = serializers.CharField(max_length=300, help_text="Why the step is undone.")

    def service_kwargs(self, data, case) -> dict:
        event = case.events.filter(pk=data["event"]).first()
        if event is None:
            raise ValidationError("No such step on this case.", field="event")
        return {"event": event, "reason": data["reason"]}


class CaseAssignActionSerializer(StrictSerializer):
    """Assign the case to a member of the provider's staff, or to no one (``null``)."""

    action = serializers.ChoiceField(choices=["case_assign"])
    assignee = serializers.CharField(
        allow_null=True, help_text="The username of a member of the provider's staff, or null."
    )

    def validate_assignee(self, value):
        if value is None:
            return None
        user = get_user_model().objects.filter(username=value, is_active=True).first()
        # Only the case's provider's staff are found, in the service's words, so usernames
        # cannot be probed: not even by an LA officer, who may not assign (403) and would
        # otherwise learn from 403 against 400 that another tenant's user exists.
        provider_id = self.context["case"].provider_id
        if user is None or not providers_for(user).filter(pk=provider_id).exists():
            raise serializers.ValidationError("Choose someone who works for this provider.")
        return user

    def service_kwargs(self, data, case) -> dict:
        return {"assignee": data["assignee"]}


class OutcomeInputSerializer(StrictSerializer):
    issue = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The issue's id, from the case's ``issues``."
    )
    result = serializers.ChoiceField(choices=Outcome.Result.choices)


class AgreedActionInputSerializer(StrictSerializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.ChoiceField(choices=AgreedAction.Owner.choices)
    clock = serializers.ChoiceField(
        choices=AgreedAction.Clock.choices, default=AgreedAction.Clock.NON_APPEALABLE
    )
    agreed_due_on = CalendarDateField(
        required=False,
        allow_null=True,
        help_text="Only with clock ``agreed_date``: the date agreed in writing.",
    )


class MediationConcludeActionSerializer(ActionSerializer):
    """Mediation concluded: the outcome of every issue, the written agreement and its actions,
    and the mediator's confidential note (kept apart; never shown to LA or health users)."""

    action = serializers.ChoiceField(choices=["mediation_conclude"])
    outcomes = OutcomeInputSerializer(many=True, allow_empty=False)
    agreement_text = serializers.CharField(
        style=MULTILINE, required=False, allow_blank=True, default=""
    )
    la_was_party = serializers.BooleanField(default=True)
    different_timescale = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    actions = AgreedActionInputSerializer(many=True, required=False, default=list)
    confidential_note = serializers.CharField(
        style=MULTILINE, required=False, allow_blank=True, default=""
    )

    def validate_outcomes(self, value):
        issues = [item["issue"] for item in value]
        if len(set(issues)) != len(issues):
            raise serializers.ValidationError("Give one outcome per issue.")
        return value

    def service_kwargs(self, data, case) -> dict:
        return {
            "on": data["on"],
            "outcomes": {item["issue"]: item["result"] for item in data["outcomes"]},
            "agreement_text": data["agreement_text"],
            "la_was_party": data["la_was_party"],
            "different_timescale": data["different_timescale"],
            "actions": [
                services.ActionInput(
                    description=a["description"],
                    owner=a["owner"],
                    clock=a["clock"],
                    agreed_due_on=a.get("agreed_due_on"),
                )
                for a in data["actions"]
            ],
            "confidential_note": data["confidential_note"],
        }


# The generated serializer for each set of catalogue fields.
BASES: dict[tuple[str, ...], type[serializers.Serializer]] = {
    ("on",): ActionSerializer,
    ("on", "reason"): ReasonActionSerializer,
}


def _serializers() -> dict[str, type[serializers.Serializer]]:
    """One serializer per catalogue action the action endpoint accepts (``api``)."""
    out: dict[str, type[serializers.Serializer]] = {}
    for name, entry in CATALOGUE.items():
        if not entry.api:
            continue
        if entry.serializer:
            out[name] = import_string(entry.serializer)
        else:
            out[name] = _action(name, entry.title + ".", BASES[entry.fields])
    return out


ACTIONS: dict[str, type[serializers.Serializer]] = _serializers()


class ActionChoiceSerializer(serializers.Serializer):
    """Reads only ``action``, to pick the serializer for the rest of the body."""

    action = serializers.ChoiceField(choices=sorted(ACTIONS))
