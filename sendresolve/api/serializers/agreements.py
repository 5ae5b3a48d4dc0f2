"""The mediation agreement document (issue 21): the bodies of its actions on
``POST /cases/{reference}/actions`` and what ``GET /cases/{reference}/agreement`` answers."""

from django.urls import reverse
from rest_framework import serializers

from sendresolve.agreements.services import TEXT_MAX
from sendresolve.api.selectors import MAX_ID
from sendresolve.api.serializers.common import MULTILINE, StrictSerializer


class AgreementSectionSerializer(StrictSerializer):
    issue = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The issue's id.")
    text = serializers.CharField(
        style=MULTILINE, max_length=TEXT_MAX, help_text="What was agreed about it."
    )


class AgreementDraftSaveActionSerializer(StrictSerializer):
    """Save the wording of the agreement document: the draft, or the next version's draft once
    one is issued. Every issue needs its paragraph."""

    action = serializers.ChoiceField(choices=["agreement_draft_save"])
    intro = serializers.CharField(style=MULTILINE, max_length=TEXT_MAX)
    sections = AgreementSectionSerializer(many=True, help_text="One paragraph per issue.")
    closing = serializers.CharField(style=MULTILINE, max_length=TEXT_MAX)

    def validate_sections(self, value):
        issues = [item["issue"] for item in value]
        if len(set(issues)) != len(issues):
            raise serializers.ValidationError("Give one paragraph per issue.")
        return value

    def service_kwargs(self, data, case) -> dict:
        return {
            "intro": data["intro"],
            "sections": {item["issue"]: item["text"] for item in data["sections"]},
            "closing": data["closing"],
        }


class AgreementIssueActionSerializer(StrictSerializer):
    """Issue the draft as a signed PDF with the next version number; the version in force
    before is kept, marked superseded."""

    action = serializers.ChoiceField(choices=["agreement_issue"])

    def service_kwargs(self, data, case) -> dict:
        return {}


class AgreementReceiptConfirmActionSerializer(StrictSerializer):
    """An LA officer or health commissioner confirms their side received the agreement in
    force (once; a repeat changes nothing)."""

    action = serializers.ChoiceField(choices=["agreement_receipt_confirm"])

    def service_kwargs(self, data, case) -> dict:
        return {}


class AgreementReceiptSerializer(serializers.Serializer):
    party = serializers.CharField(help_text="family, local_authority or commissioning_body.")
    confirmed_at = serializers.DateTimeField()


class AgreementSectionOutSerializer(serializers.Serializer):
    issue = serializers.IntegerField()
    issue_label = serializers.CharField(source="label", help_text="What the issue is about.")
    result = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class AgreementVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    state = serializers.CharField(help_text="draft, issued or superseded.")
    number = serializers.CharField(allow_blank=True, help_text="Blank for a draft.")
    issued_on = serializers.DateField(allow_null=True)
    superseded_on = serializers.DateField(allow_null=True)
    intro = serializers.CharField(allow_blank=True)
    sections = AgreementSectionOutSerializer(many=True)
    closing = serializers.CharField(allow_blank=True)
    receipts = AgreementReceiptSerializer(many=True, source="receipts.all")
    pdf = serializers.SerializerMethodField(help_text="Where to download it; null for a draft.")

    def get_pdf(self, document) -> str | None:
        if not document.number:
            return None
        request = self.context["request"]
        return request.build_absolute_uri(
            reverse(
                "api:case-agreement-pdf",
                kwargs={"reference": document.case.reference, "agreement_number": document.number},
            )
        )


class AgreementDocumentsSerializer(serializers.Serializer):
    current = AgreementVersionSerializer(
        allow_null=True, help_text="The version in force; null before one is issued."
    )
    versions = AgreementVersionSerializer(
        many=True, help_text="Every version you may see, newest first (drafts: provider only)."
    )
