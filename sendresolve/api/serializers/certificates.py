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
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, certificate) -> str:
        return reverse(
            "api:certificate-pdf",
            kwargs={"number": certificate.number},
            request=self.context.get("request"),
        )
