"""Who does the work (providers), whose case it is (local authorities, commissioning bodies),
which provider serves which LA and when (commissions), and who may act for whom (memberships).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from sendresolve.core.models import BaseModel
from sendresolve.tenancy.roles import (
    COMMISSIONING_BODY_ROLES,
    GLOBAL_ROLES,
    LOCAL_AUTHORITY_ROLES,
    PROVIDER_ORGANISATION_ROLES,
    Role,
)

dfe_code_validator = RegexValidator(r"^\d{3}$", "A DfE LA code is three digits, like 302.")
gss_code_validator = RegexValidator(r"^E\d{8}$", "A GSS code looks like E09000003.")


class LocalAuthority(BaseModel):
    """An English local authority with SEND duties, keyed by its DfE three-digit LA code."""

    class Kind(models.TextChoices):
        LONDON_BOROUGH = "london_borough", "London borough"
        METROPOLITAN_BOROUGH = "metropolitan_borough", "Metropolitan borough"
        UNITARY = "unitary", "Unitary authority"
        COUNTY = "county", "County council"

    dfe_code = models.CharField(
        "DfE LA code", max_length=3, unique=True, validators=[dfe_code_validator]
    )
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, validators=[gss_code_validator]
    )
    name = models.CharField(max_length=100)
    region = models.CharField(max_length=40)
    kind = models.CharField(max_length=24, choices=Kind)
    send_team_phone = models.CharField("SEND team phone", max_length=40, blank=True)
    send_team_email = models.EmailField("SEND team email", blank=True)
    send_team_url = models.URLField("SEND team web page", blank=True)
    sendiass_name = models.CharField("SENDIASS name", max_length=120, blank=True)
    sendiass_phone = models.CharField("SENDIASS phone", max_length=40, blank=True)
    sendiass_email = models.EmailField("SENDIASS email", blank=True)
    sendiass_url = models.URLField("SENDIASS web page", blank=True)
    # Where the contact fields came from (``load_la_contacts``), and whether an administrator
    # has since edited them: a later load keeps such an edit unless told to overwrite it.
    contacts_source = models.TextField("contacts source", blank=True)
    contacts_checked_on = models.DateField("contacts checked on", null=True, blank=True)
    contacts_edited_at = models.DateTimeField(
        "contacts edited by an administrator at",
        null=True,
        blank=True,
        help_text="Set when an administrator changes a contact field here. Loading the "
        "contacts file leaves this council's contacts alone until it is cleared "
        "(load_la_contacts --overwrite clears it).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "local authority"
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.dfe_code})"


class Provider(BaseModel):
    """An independent mediation and disagreement-resolution provider."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_alternative = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    opening_hours = models.CharField(
        max_length=120, blank=True, help_text="For families, e.g. Monday to Friday, 9am to 5pm."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommissioningBody(BaseModel):
    """An NHS commissioning body (integrated care board) responsible for health care provision."""

    name = models.CharField(max_length=120)
    ods_code = models.CharField("ODS code", max_length=5, unique=True)
    local_authorities = models.ManyToManyField(
        LocalAuthority, related_name="commissioning_bodies", blank=True
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "commissioning bodies"

    def __str__(self) -> str:
        return self.name


class Commission(BaseModel):
    """A provider commissioned by an LA to run its SEND mediation and/or disagreement resolution
    services between two dates (``ends_on`` empty means open-ended)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="commissions")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="commissions"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    covers_mediation = models.BooleanField(default=True)
    covers_disagreement_resolution = models.BooleanField(default=True)
    # The council's inbox (issue 18): where messages the LA must act on go, besides its officers
    # on the case (``cases.council_inbox``). A health body's address is its own ``email``.
    la_contact_email = models.EmailField(
        "LA SEND team contact email",
        blank=True,
        help_text="Where messages for the local authority go (e.g. the family wants "
        "mediation). Empty: the local authority's SEND team email.",
    )
    # The provider's own service standard, agreed in the commission: not a legal time limit.
    first_contact_working_days = models.PositiveSmallIntegerField(
        "first contact within (working days)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Provider's service standard (not law): how many working days after a "
        "request or referral comes in the provider first contacts the family.",
    )

    class Meta:
        ordering = ["local_authority__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="commission_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.provider} for {self.local_authority.name} from {self.starts_on}"


class Membership(BaseModel):
    """A user's role in one organisation. Provider roles belong to a provider, the LA officer
    role to an LA, the health commissioner role to a commissioning body; administrators to none.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=24, choices=Role)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    commissioning_body = models.ForeignKey(
        CommissioningBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField(default=True)
    # Staff self-service (issue 23, ``tenancy.staffing``): a suspended membership gives no
    # powers until reactivated; an ended one (the person removed) stays for the record.
    suspended_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user__username", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=sorted(PROVIDER_ORGANISATION_ROLES),
                        provider__isnull=False,
                        local_authority__isnull=True,
                        commissioning_body__isnull=True,
                    )
                    | Q(
                        role__in=sorted(LOCAL_AUTHORITY_ROLES),
                        provider__isnull=True,
                        local_authority__isnull=False,
                        commissioning_body__isnull=True,
                    )
                    | Q(
                        role__in=sorted(COMMISSIONING_BODY_ROLES),
                        provider__isnull=True,
                        local_authority__isnull=True,
                        commissioning_body__isnull=False,
                    )
                    | Q(
                        role__in=sorted(GLOBAL_ROLES),
                        provider__isnull=True,
                        local_authority__isnull=True,
                        commissioning_body__isnull=True,
                    )
                ),
                name="membership_role_matches_organisation",
            ),
        ]

    def __str__(self) -> str:
        organisation = self.provider or self.local_authority or self.commissioning_body
        return f"{self.user} — {self.get_role_display()}" + (
            f" at {organisation}" if organisation else ""
        )


class StaffInvite(BaseModel):
    """An invitation to join a provider's staff in the given roles (issue 23).

    Only a hash of the link's token is kept, so the table cannot be used to accept an invite;
    the link works once (``accepted_at``) and until ``expires_at``.
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="invites")
    email = models.EmailField()
    roles = models.JSONField(default=list, help_text="The provider roles to grant, by value.")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invite to {self.provider} ({self.pk})"
