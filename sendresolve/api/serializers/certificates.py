"""Mediation certificates (the PDF is downloaded from its own URL)."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from sendresolve.cases.models import Certificate


class CertificateSerializer(serializers.Serializer):
    number = serializers.CharField()
    case = serializers.CharField(source="case.reference")
    kind = serializers.ChoiceField(choices=Certificate.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    issued_on = serializers.DateField()
    decision_description = serializers.CharField()
    issues = serializers.ListField(child=serializers.CharField())
    appeal_deadline = serializers.DateField()
    appeal_deadline_rule = serializers.CharField()
    # Corrections: a corrected certificate names the one it replaces; the replaced one is kept,
    # superseded on a day.
    replaces = serializers.CharField(
        source="replaces_number", help_text="The number of the certificate this one corrects."
    )
    superseded_on = serializers.DateField(
        allow_null=True, help_text="The day a corrected certificate replaced this one."
    )
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, certificate) -> str:
        return reverse(
            "api:certificate-pdf",
            kwargs={"number": certificate.number},
            request=self.context.get("request"),
        )
