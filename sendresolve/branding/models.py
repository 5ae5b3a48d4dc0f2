"""What a provider owns of what it sends (issue 23): its letterhead and its message texts.

``ProviderBranding`` adds to the provider's own record (``tenancy.Provider``: name, phone,
email, website) the postal address and the logo printed on letters, certificates and
agreements. ``MessageTemplateVersion`` keeps every text a provider manager saved for one
message kind (a template of ``notifications.templates`` on one channel): the newest is the one
sent, unless it is a reset, which says "back to the default text". Rows are written by
``branding.services`` only and never changed, so the history is the rows.
"""

from django.conf import settings
from django.db import models

from sendresolve.core import clock
from sendresolve.core.models import BaseModel
from sendresolve.notifications.models import Channel


class ProviderBranding(BaseModel):
    provider = models.OneToOneField(
        "tenancy.Provider", on_delete=models.CASCADE, related_name="branding"
    )
    address = models.TextField("postal address", blank=True)
    # A small PNG or JPEG, checked by its content (``branding.logos``), kept in the database
    # so that every worker that renders a PDF has it.
    logo = models.BinaryField(blank=True, default=b"")
    logo_type = models.CharField(max_length=20, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "provider branding"
        verbose_name_plural = "provider branding"

    def __str__(self) -> str:
        return f"Branding of provider {self.provider_id}"


class MessageTemplateVersion(models.Model):
    provider = models.ForeignKey(
        "tenancy.Provider", on_delete=models.CASCADE, related_name="message_template_versions"
    )
    template = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel)
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # A reset: from this version on, the default text is sent.
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["provider", "template", "channel", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "template", "channel", "number"],
                name="one_message_template_version_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.channel}) version {self.number}"
