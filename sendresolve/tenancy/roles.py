"""Staff roles, and which kind of organisation each belongs to."""

from django.db import models


class Role(models.TextChoices):
    ADVISER = "adviser", "Mediation adviser"
    MEDIATOR = "mediator", "Mediator"
    COORDINATOR = "coordinator", "Case coordinator"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    FINANCE = "finance", "Finance officer"
    LA_OFFICER = "la_officer", "Local authority SEND officer"
    HEALTH_COMMISSIONER = "health_commissioner", "Health commissioner"
    ADMINISTRATOR = "administrator", "Administrator"


# The roles that work on cases. Finance belongs to a provider too but sees no case content:
# contracts and invoices only (issue 23).
PROVIDER_ROLES = frozenset({Role.ADVISER, Role.MEDIATOR, Role.COORDINATOR, Role.PROVIDER_MANAGER})
PROVIDER_ORGANISATION_ROLES = PROVIDER_ROLES | {Role.FINANCE}
LOCAL_AUTHORITY_ROLES = frozenset({Role.LA_OFFICER})
COMMISSIONING_BODY_ROLES = frozenset({Role.HEALTH_COMMISSIONER})
GLOBAL_ROLES = frozenset({Role.ADMINISTRATOR})
