"""Corrections through the API: ``PATCH /api/v1/cases/{reference}`` for the case's own details,
and actions at ``POST …/actions`` for issues, parties, health bodies and corrected certificates
(``cases.services.corrections``)."""

from rest_framework import serializers

from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.cases import CaseDetailSerializer
from sendresolve.api.serializers.common import MULTILINE, CalendarDateField, StrictSerializer
from sendresolve.cases.vocabulary import Body, Channel, IssueSubject, PartyRole, Requester
from sendresolve.core.errors import ValidationError
from sendresolve.core.validators import validate_plain_email
from sendresolve.tenancy.models import CommissioningBody

REASON_HELP = (
    "Why it is corrected: shown in the timeline. Needed when a date that drives a deadline "
    "changes (the decision letter's date, the child's date of birth)."
)


def _reason_field():
    return serializers.CharField(
        style=MULTILINE,
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text=REASON_HELP,
    )


# Who may be recorded as asking when a case is corrected: a family party (a case between the LA
# and a health body has no family party, and correcting one does not make it one). Named in the
# OpenAPI document as ``FamilyRequesterEnum`` (``SPECTACULAR_SETTINGS``).
FAMILY_REQUESTERS = [c for c in Requester.choices if c[0] != Requester.LOCAL_AUTHORITY]


class CaseCorrectSerializer(StrictSerializer):
    """The body of ``PATCH /api/v1/cases/{reference}``: only the fields to correct, and why."""

    child_name = serializers.CharField(max_length=150, required=False)
    child_date_of_birth = CalendarDateField(required=False, allow_null=True)
    requester = serializers.ChoiceField(choices=FAMILY_REQUESTERS, required=False)
    requester_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, validators=[validate_plain_email]
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(style=MULTILINE, required=False, allow_blank=True)
    preferred_channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    decision_description = serializers.CharField(
        style=MULTILINE, max_length=300, required=False, allow_blank=True
    )
    decision_letter_date = CalendarDateField(required=False, allow_null=True)
    reason = _reason_field()

    def validate(self, data):
        if not set(data) - {"reason"}:
            raise serializers.ValidationError(
                {"non_field_errors": ["Give at least one field to correct."]}
            )
        return data

    def service_kwargs(self, data) -> dict:
        changes = {name: value for name, value in data.items() if name != "reason"}
        return {"changes": changes, "reason": data["reason"]}


class CaseCorrectedSerializer(CaseDetailSerializer):
    """The case after a correction, with what changed and which deadlines moved."""

    corrected = serializers.ListField(
        child=serializers.CharField(), help_text="The fields that changed."
    )
    moved = serializers.ListField(
        child=serializers.CharField(),
        help_text="Sentences saying which deadlines moved, e.g. “The appeal deadline moved "
        "from 3 March 2027 to 10 March 2027.”",
    )
    certificates_outdated = serializers.ListField(
        child=serializers.CharField(),
        help_text="Numbers of certificates in force that no longer say what the case says: "
        "they are never rewritten; ``certificate_correct`` issues a corrected one.",
    )


def _item(queryset, pk, field: str, words: str):
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise ValidationError(f"No such {words} on this case.", field=field)
    return item


class IssueFieldsSerializer(StrictSerializer):
    subject = serializers.ChoiceField(choices=IssueSubject.choices)
    with_body = serializers.ChoiceField(
        choices=Body.choices, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(
        style=MULTILINE, required=False, allow_blank=True, default=""
    )
    reason = _reason_field()


class IssueAddActionSerializer(IssueFieldsSerializer):
    """Add an issue left out when the case was opened."""

    action = serializers.ChoiceField(choices=["issue_add"])

    def service_kwargs(self, data, case) -> dict:
        return {
            "subject": data["subject"],
            "with_body": data["with_body"],
            "description": data["description"],
            "reason": data["reason"],
        }


class IssueCorrectActionSerializer(IssueFieldsSerializer):
    """Re-word an issue or change its subject (not once an outcome is recorded for it)."""

    action = serializers.ChoiceField(choices=["issue_correct"])
    issue = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The issue's id.")

    def service_kwargs(self, data, case) -> dict:
        return {
            "issue": _item(case.issues.all(), data["issue"], "issue", "issue"),
            "subject": data["subject"],
            "with_body": data["with_body"],
            "description": data["description"],
            "reason": data["reason"],
        }


class IssueRemoveActionSerializer(StrictSerializer):
    """Remove an issue recorded in error; a case keeps at least one."""

    action = serializers.ChoiceField(choices=["issue_remove"])
    issue = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The issue's id.")
    reason = _reason_field()

    def service_kwargs(self, data, case) -> dict:
        issue = _item(case.issues.all(), data["issue"], "issue", "issue")
        return {"issue": issue, "reason": data["reason"]}


class HealthBodyAddActionSerializer(StrictSerializer):
    """Add a health commissioning body responsible for health care in issue on the case."""

    action = serializers.ChoiceField(choices=["health_body_add"])
    commissioning_body = serializers.SlugRelatedField(
        slug_field="ods_code",
        queryset=CommissioningBody.objects.all(),
        help_text="The health body's ODS code.",
    )

    def service_kwargs(self, data, case) -> dict:
        return {"commissioning_body": data["commissioning_body"]}


class HealthBodyRemoveActionSerializer(StrictSerializer):
    """Take off a health body added in error, while nothing is recorded against it."""

    action = serializers.ChoiceField(choices=["health_body_remove"])
    commissioning_body = serializers.CharField(
        max_length=10, help_text="The health body's ODS code."
    )
    reason = _reason_field()

    def service_kwargs(self, data, case) -> dict:
        link = (
            case.health_bodies.select_related("commissioning_body")
            .filter(commissioning_body__ods_code=data["commissioning_body"])
            .first()
        )
        if link is None:
            raise ValidationError("No such health body on this case.", field="commissioning_body")
        return {"link": link, "reason": data["reason"]}


class PartyCorrectActionSerializer(StrictSerializer):
    """Correct someone taking part: only the fields given change."""

    action = serializers.ChoiceField(choices=["party_correct"])
    party = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The party's id.")
    name = serializers.CharField(max_length=150, required=False)
    role = serializers.ChoiceField(choices=PartyRole.choices, required=False)
    organisation = serializers.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, validators=[validate_plain_email]
    )
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    has_authority_to_agree = serializers.BooleanField(required=False)
    access_needs = serializers.CharField(style=MULTILINE, required=False, allow_blank=True)
    reason = _reason_field()

    def service_kwargs(self, data, case) -> dict:
        party = _item(case.parties.all(), data["party"], "party", "person")
        changes = {k: v for k, v in data.items() if k not in ("action", "party", "reason")}
        return {"party": party, "changes": changes, "reason": data["reason"]}


class CertificateCorrectActionSerializer(StrictSerializer):
    """Issue a corrected certificate replacing one a correction outdated: a new number; the
    old one is kept, marked superseded."""

    action = serializers.ChoiceField(choices=["certificate_correct"])
    certificate = serializers.CharField(
        max_length=24, help_text="The number of the one to replace."
    )

    def service_kwargs(self, data, case) -> dict:
        certificate = case.certificates.filter(number=data["certificate"]).first()
        if certificate is None:
            raise ValidationError("No such certificate on this case.", field="certificate")
        return {"certificate": certificate}
