"""The body of ``POST /api/v1/cases/{reference}/actions``: one serializer per action.

Each action names the ``cases.services`` function it calls; ``service_kwargs`` turns the
validated body into that function's keyword arguments.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.common import OnSerializer, StrictSerializer
from sendresolve.api.serializers.resolution import RESOLUTION_ACTIONS
from sendresolve.cases import services
from sendresolve.cases.models import AgreedAction, Outcome
from sendresolve.tenancy.selectors import providers_for


class ActionSerializer(OnSerializer):
    """Base: ``{"action": "<name>", "on": "YYYY-MM-DD"}``."""

    action: serializers.Field = serializers.CharField(help_text="Which action to record.")
    service: Callable[..., Any] | None = None  # the cases.services function

    def service_kwargs(self, data, case) -> dict:
        return {"on": data["on"]}


def _action(name: str, service, doc: str, base=ActionSerializer):
    """Declare a date-only action serializer, its ``action`` value fixed to ``name``."""
    return type(
        "".join(part.title() for part in name.split("_")) + "ActionSerializer",
        (base,),
        {
            "__doc__": doc,
            "__module__": __name__,
            "action": serializers.ChoiceField(choices=[name]),
            "service": staticmethod(service),
        },
    )


AdviceGiveActionSerializer = _action(
    "advice_give",
    services.advice_give,
    "The mediation adviser gave the family information about mediation.",
)
MediationDeclineActionSerializer = _action(
    "mediation_decline",
    services.mediation_decline,
    "The family does not want (or no longer wants) mediation: the certificate becomes due.",
)
MediationRequestActionSerializer = _action(
    "mediation_request", services.mediation_request, "The family wants mediation."
)
LaInformActionSerializer = _action(
    "la_inform",
    services.la_inform,
    "The LA was told the family wants mediation: the 30-day clock starts.",
)
CommissioningBodyNotifyActionSerializer = _action(
    "commissioning_body_notify",
    services.commissioning_body_notify,
    "The LA notified the health commissioning body (health care in issue).",
)
LaCannotArrangeActionSerializer = _action(
    "la_cannot_arrange",
    services.la_cannot_arrange,
    "The LA cannot arrange mediation within 30 days: the certificate becomes due.",
)
FollowUpStartActionSerializer = _action(
    "follow_up_start",
    services.follow_up_start,
    "Start following up the agreed actions after the certificate.",
)
CaseCloseActionSerializer = _action("case_close", services.case_close, "Close the case.")


class CaseWithdrawActionSerializer(ActionSerializer):
    """The family withdrew; open deadlines are no longer needed."""

    action = serializers.ChoiceField(choices=["case_withdraw"])
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    service = staticmethod(services.case_withdraw)

    def service_kwargs(self, data, case) -> dict:
        return {"on": data["on"], "reason": data["reason"]}


class CaseAssignActionSerializer(StrictSerializer):
    """Assign the case to a member of the provider's staff, or to no one (``null``)."""

    action = serializers.ChoiceField(choices=["case_assign"])
    assignee = serializers.CharField(
        allow_null=True, help_text="The username of a member of the provider's staff, or null."
    )
    service = staticmethod(services.case_assign)

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
    agreed_due_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Only with clock ``agreed_date``: the date agreed in writing.",
    )


class MediationConcludeActionSerializer(ActionSerializer):
    """Mediation concluded: the outcome of every issue, the written agreement and its actions,
    and the mediator's confidential note (kept apart; never shown to LA or health users)."""

    action = serializers.ChoiceField(choices=["mediation_conclude"])
    outcomes = OutcomeInputSerializer(many=True, allow_empty=False)
    agreement_text = serializers.CharField(required=False, allow_blank=True, default="")
    la_was_party = serializers.BooleanField(default=True)
    different_timescale = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )
    actions = AgreedActionInputSerializer(many=True, required=False, default=list)
    confidential_note = serializers.CharField(required=False, allow_blank=True, default="")
    service = staticmethod(services.mediation_conclude)

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


ACTIONS: dict[str, type[serializers.Serializer]] = {
    "advice_give": AdviceGiveActionSerializer,
    "mediation_decline": MediationDeclineActionSerializer,
    "mediation_request": MediationRequestActionSerializer,
    "la_inform": LaInformActionSerializer,
    "commissioning_body_notify": CommissioningBodyNotifyActionSerializer,
    "la_cannot_arrange": LaCannotArrangeActionSerializer,
    "mediation_conclude": MediationConcludeActionSerializer,
    "follow_up_start": FollowUpStartActionSerializer,
    "case_close": CaseCloseActionSerializer,
    "case_withdraw": CaseWithdrawActionSerializer,
    "case_assign": CaseAssignActionSerializer,
    **RESOLUTION_ACTIONS,
}


class ActionChoiceSerializer(serializers.Serializer):
    """Reads only ``action``, to pick the serializer for the rest of the body."""

    action = serializers.ChoiceField(choices=sorted(ACTIONS))
