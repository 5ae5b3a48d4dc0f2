"""Cases: the list summary, the detail, the create body, deadlines and the timeline."""

from collections.abc import Mapping
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sendresolve.api.serializers.common import (
    MULTILINE,
    CalendarDateField,
    CommissioningBodyRefSerializer,
    LocalAuthorityRefSerializer,
    ProviderRefSerializer,
    StrictSerializer,
    person_label,
)
from sendresolve.api.serializers.participation import ParticipationNeedsSerializer
from sendresolve.cases.models import (
    AgreedAction,
    CaseDeadline,
    CaseEvent,
    Outcome,
    Session,
    Venue,
)
from sendresolve.cases.permissions import sees_confidential
from sendresolve.cases.privacy import (
    event_detail_for,
    family_fields_hidden,
    party_contact_visible,
    sees_family_details,
)
from sendresolve.cases.selectors import confidential_notes_for
from sendresolve.cases.services import IssueInput, Referral
from sendresolve.cases.standards import is_service_standard
from sendresolve.cases.states import Status, allowed_actions
from sendresolve.cases.vocabulary import (
    CaseKind,
    Channel,
    DrType,
    EventType,
    IssueSubject,
    Participation,
    PartyRole,
    ReferrerKind,
    Requester,
)
from sendresolve.core.validators import validate_plain_email
from sendresolve.participation.selectors import needs_for
from sendresolve.tenancy.actors import Who
from sendresolve.tenancy.models import CommissioningBody, LocalAuthority
from sendresolve.tenancy.selectors import providers_for

# -- reading ---------------------------------------------------------------------------------

# What LA and health officers do not receive (``cases.permissions``, privacy by stage): the
# family's contact details and own words; the key is absent, not empty.
PRIVATE = "Absent for LA and health officers (privacy by stage, SECURITY.md)."
FAMILY_SIDE_CONTACT = (
    "Absent for LA and health officers when the party is on the family's side (privacy by "
    "stage, SECURITY.md)."
)


def reader(context: Mapping[str, Any]) -> Who:
    """Who is reading: the request's actor (built once per request), else its user."""
    request = context["request"]
    return getattr(request, "actor", None) or request.user


class CaseSummarySerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    provider = ProviderRefSerializer()
    local_authority = LocalAuthorityRefSerializer()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    child_name = serializers.CharField()
    assigned_to = serializers.SerializerMethodField()

    def get_assigned_to(self, case) -> str | None:
        return case.assigned_to.get_username() if case.assigned_to else None


class IssueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.ChoiceField(choices=IssueSubject.choices)
    subject_label = serializers.CharField(source="get_subject_display")
    description = serializers.CharField(required=False, help_text=PRIVATE)
    appealable = serializers.BooleanField()


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=PartyRole.choices)
    name = serializers.CharField()
    organisation = serializers.CharField()
    email = serializers.CharField(required=False, help_text=FAMILY_SIDE_CONTACT)
    phone = serializers.CharField(required=False, help_text=FAMILY_SIDE_CONTACT)
    has_authority_to_agree = serializers.BooleanField()
    views_gathered_how = serializers.CharField()
    participation = serializers.ChoiceField(
        choices=Participation.choices, help_text="Disagreement resolution: agreed to take part?"
    )
    participation_on = serializers.DateField(allow_null=True)
    access_needs = serializers.CharField(help_text="What they need to take part.")


class VenueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = serializers.CharField()
    mode = serializers.ChoiceField(choices=Venue.Mode.choices)
    accessible = serializers.BooleanField()


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=Venue.Mode.choices)
    venue = VenueSerializer(allow_null=True)
    attendees = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=Session.State.choices)
    notice_sent_on = serializers.DateField(allow_null=True)
    shorter_notice_agreed = serializers.BooleanField()
    sequence = serializers.IntegerField(
        help_text="The calendar invitation's SEQUENCE: 0, then one more for each "
        "rearrangement or cancellation."
    )
    cancelled_by = serializers.CharField(help_text="Who cancelled it, once cancelled.")

    def get_attendees(self, session) -> list[int]:
        return [party.pk for party in session.attendees.all()]


class OutcomeSerializer(serializers.Serializer):
    issue = serializers.IntegerField(source="issue_id")
    result = serializers.ChoiceField(choices=Outcome.Result.choices)


class AgreementSerializer(serializers.Serializer):
    agreed_on = serializers.DateField()
    text = serializers.CharField()
    la_was_party = serializers.BooleanField()
    different_timescale = serializers.CharField()


class AgreedActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner = serializers.ChoiceField(choices=AgreedAction.Owner.choices)
    clock = serializers.ChoiceField(choices=AgreedAction.Clock.choices)
    agreed_due_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)


class ConfidentialNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    text = serializers.CharField()

    def get_author(self, note) -> str:
        return person_label(note.author) or ""  # a note always has an author


class CaseDetailSerializer(CaseSummarySerializer):
    """A case with everything on it. ``confidential_notes`` appears only for the provider's own
    staff and administrators; for everyone else the key is absent, not empty. So are, for LA
    and health officers, the family's contact details and own words (``family_fields_hidden``):
    the case's, its issues' descriptions, and the family side's parties' email and phone."""

    commissioning_body = CommissioningBodyRefSerializer(allow_null=True)
    dr_type = serializers.ChoiceField(
        choices=[("", "Not disagreement resolution"), *DrType.choices],
        help_text="The kind of disagreement resolution (CFA 2014 s.57).",
    )
    has_ehc_plan = serializers.BooleanField(allow_null=True)
    child_date_of_birth = serializers.DateField(allow_null=True)
    requester = serializers.ChoiceField(choices=Requester.choices)
    requester_name = serializers.CharField()
    email = serializers.CharField(required=False, help_text=PRIVATE)
    phone = serializers.CharField(required=False, help_text=PRIVATE)
    address = serializers.CharField(required=False, help_text=PRIVATE)
    preferred_channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, help_text=PRIVATE
    )
    decision_description = serializers.CharField(required=False, help_text=PRIVATE)
    decision_letter_date = serializers.DateField(allow_null=True)
    health_care_in_issue = serializers.BooleanField()
    referred_by = serializers.ChoiceField(
        choices=[("", "Not referred"), *ReferrerKind.choices],
        help_text="Who referred the family on their behalf (empty: they came themselves).",
    )
    referrer_organisation = serializers.CharField()
    referrer_name = serializers.CharField()
    referral_consent_on = serializers.DateField(
        allow_null=True, help_text="The day the family consented to the referral."
    )
    referral_consent_note = serializers.CharField()
    certificate_required = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    issues = IssueSerializer(many=True)
    parties = PartySerializer(many=True)
    sessions = SessionSerializer(many=True)
    outcomes = OutcomeSerializer(many=True)
    agreement = serializers.SerializerMethodField()
    agreed_actions = AgreedActionSerializer(many=True, source="actions")
    confidential_notes = ConfidentialNoteSerializer(many=True, required=False)
    # What people need to take part (issue 22): the provider's own staff only; absent otherwise.
    participation_needs = ParticipationNeedsSerializer(required=False, allow_null=True)

    def get_certificate_required(self, case) -> bool | None:
        return case.certificate_required({issue.subject for issue in case.issues.all()})

    def get_allowed_actions(self, case) -> list[str]:
        return allowed_actions(case.status, kind=case.kind)

    @extend_schema_field(AgreementSerializer(allow_null=True))
    def get_agreement(self, case):
        agreement = getattr(case, "agreement", None)  # The reverse accessor raises if absent.
        return AgreementSerializer(agreement).data if agreement else None

    def to_representation(self, case):
        data = super().to_representation(case)
        user = self.context["request"].user
        if sees_confidential(user, case):
            notes = confidential_notes_for(user, case)
            data["confidential_notes"] = ConfidentialNoteSerializer(notes, many=True).data
        else:
            data.pop("confidential_notes", None)
        data.pop("participation_needs", None)
        if sees_confidential(user, case):
            needs = needs_for(case)
            data["participation_needs"] = (
                ParticipationNeedsSerializer(needs).data if needs.pk else None
            )
        actor = reader(self.context)
        if not sees_family_details(actor, case):
            self._hide_family_details(actor, case, data)
        return data

    @staticmethod
    def _hide_family_details(actor, case, data) -> None:
        for name in family_fields_hidden(actor, case):
            data.pop(name, None)
        for issue in data["issues"]:
            issue.pop("description", None)
        parties = {party.pk: party for party in case.parties.all()}
        for row in data["parties"]:
            if not party_contact_visible(actor, case, parties[row["id"]]):
                row.pop("email", None)
                row.pop("phone", None)


class DeadlineSerializer(serializers.Serializer):
    key = serializers.CharField()
    deadline_id = serializers.CharField()
    rule_id = serializers.CharField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    practical_due_on = serializers.DateField(allow_null=True)
    later_due_on = serializers.DateField(allow_null=True)
    due_time = serializers.CharField()
    trigger_date = serializers.DateField(allow_null=True)
    rule = serializers.CharField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    duty_holder = serializers.CharField()
    responsible = serializers.CharField()
    responsible_name = serializers.CharField(
        source="responsible_label", help_text="The organisation that must act, by name."
    )
    state = serializers.ChoiceField(choices=CaseDeadline.State.choices)
    met_on = serializers.DateField(allow_null=True)
    service_standard = serializers.SerializerMethodField(
        help_text="True for the provider's own service standard (first contact with the "
        "family), which is not a legal time limit and has no legal basis."
    )

    def get_service_standard(self, deadline) -> bool:
        return is_service_standard(deadline)


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=EventType.choices)
    type_label = serializers.CharField(source="get_type_display")
    occurred_on = serializers.DateField()
    recorded_at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    detail = serializers.DictField(
        help_text="For LA and health officers, only ids, kinds and counts: never free text."
    )

    def to_representation(self, event: CaseEvent):
        data = super().to_representation(event)
        case = self.context.get("case") or event.case
        data["detail"] = event_detail_for(reader(self.context), case, data["detail"])
        return data

    def get_actor(self, event: CaseEvent) -> str | None:
        return person_label(event.actor)


# -- writing ---------------------------------------------------------------------------------


class IssueInputSerializer(StrictSerializer):
    subject = serializers.ChoiceField(choices=IssueSubject.choices)
    description = serializers.CharField(
        style=MULTILINE, required=False, allow_blank=True, default=""
    )


class CaseCreateSerializer(StrictSerializer):
    """The body of ``POST /api/v1/cases``: the family's first contact with the provider."""

    provider = serializers.SlugField(
        required=False,
        help_text="Your provider's slug; optional when you work for exactly one provider.",
    )
    local_authority = serializers.SlugRelatedField(
        slug_field="dfe_code",
        queryset=LocalAuthority.objects.all(),
        help_text="The LA's three-digit DfE code, e.g. 302.",
    )
    kind = serializers.ChoiceField(choices=CaseKind.choices, default=CaseKind.MEDIATION)
    opened_on = CalendarDateField(required=False, help_text="Defaults to today.")
    child_name = serializers.CharField(max_length=150)
    child_date_of_birth = CalendarDateField(required=False, allow_null=True)
    requester = serializers.ChoiceField(choices=Requester.choices)
    requester_name = serializers.CharField(max_length=150)
    email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_plain_email],
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    address = serializers.CharField(style=MULTILINE, required=False, allow_blank=True, default="")
    preferred_channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.EMAIL)
    decision_description = serializers.CharField(
        style=MULTILINE, max_length=300, required=False, allow_blank=True, default=""
    )
    decision_letter_date = CalendarDateField(required=False, allow_null=True)
    health_care_in_issue = serializers.BooleanField(default=False)
    commissioning_body = serializers.SlugRelatedField(
        slug_field="ods_code",
        queryset=CommissioningBody.objects.all(),
        required=False,
        allow_null=True,
        help_text="The ICB's ODS code, when health care is in issue.",
    )
    issues = IssueInputSerializer(many=True, allow_empty=False)
    # Triage: a referral made on the family's behalf, with the family's consent.
    referred_by = serializers.ChoiceField(
        choices=ReferrerKind.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Who referred the family, if someone did on their behalf.",
    )
    referrer_organisation = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    referrer_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    referral_consent_on = CalendarDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The day the family consented to the referral: required with ``referred_by``.",
    )
    referral_consent_note = serializers.CharField(
        style=MULTILINE, max_length=300, required=False, allow_blank=True, default=""
    )

    def validate(self, data):
        data["referral"] = _referral(data)
        user = self.context["request"].user
        providers = providers_for(user)
        slug = data.pop("provider", "")
        if slug:
            provider = providers.filter(slug=slug).first()
            if provider is None:
                raise serializers.ValidationError({"provider": ["Choose a provider you work for."]})
        else:
            options = list(providers[:2])
            if len(options) != 1:
                raise serializers.ValidationError(
                    {"provider": ["Give the provider's slug: you do not work for exactly one."]}
                )
            provider = options[0]
        data["provider"] = provider
        data["issues"] = [IssueInput(**issue) for issue in data["issues"]]
        return data


def _referral(data) -> Referral | None:
    """Take the referral fields out of a create body: a ``Referral``, or None."""
    kind = data.pop("referred_by", "")
    organisation = data.pop("referrer_organisation", "")
    name = data.pop("referrer_name", "")
    consent_on = data.pop("referral_consent_on", None)
    note = data.pop("referral_consent_note", "")
    if not kind:
        if organisation or name or consent_on or note:
            raise serializers.ValidationError({"referred_by": ["Choose who referred the family."]})
        return None
    return Referral(
        kind=kind, organisation=organisation, name=name, consent_on=consent_on, consent_note=note
    )
