"""Documents on a case: what the API reads and accepts."""

from django.urls import reverse
from rest_framework import serializers

from sendresolve.api.serializers.common import StrictSerializer, person_label
from sendresolve.casefiles.models import Kind, Visibility


class CaseFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    confidential = serializers.BooleanField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    def get_uploaded_by(self, document) -> str:
        """ "family" for a document the family sent through their status link."""
        if document.uploaded_by_id is None:
            return "family"
        return person_label(document.uploaded_by) or ""

    def get_download(self, document) -> str:
        return reverse(
            "api:case-document-file",
            kwargs={"reference": document.case.reference, "document_id": document.pk},
        )


class FormBooleanField(serializers.BooleanField):
    """``true`` or ``false`` in a form body, and nothing else ("0", "yes" and "on" are
    refused, as the document's boolean says)."""

    TRUE_VALUES = {"true", True}
    FALSE_VALUES = {"false", False}
    NULL_VALUES: set = set()


class CaseFileUploadSerializer(StrictSerializer):
    """A ``multipart/form-data`` body: the file and what it is."""

    FIELDS = frozenset({"file", "kind", "visibility", "confidential"})

    file = serializers.FileField(
        help_text="PDF, Word (.docx, .doc), PNG, JPEG or plain text, judged by its content; "
        "at most SENDRESOLVE_UPLOAD_MAX_BYTES (20 MB unless configured). Scanned for malware.",
        allow_empty_file=True,
    )
    kind = serializers.ChoiceField(choices=Kind.choices)
    visibility = serializers.ChoiceField(choices=Visibility.choices)
    confidential = FormBooleanField(
        default=False,
        help_text="Confidential mediation material: only with visibility provider or family.",
    )

    def to_internal_value(self, data):
        unknown = sorted(set(data) - self.FIELDS)
        if unknown:
            raise serializers.ValidationError({key[:40]: ["Unknown field."] for key in unknown})
        # A form body: its values are text and a file, not JSON types; DRF's fields parse them.
        return serializers.Serializer.to_internal_value(self, data)
