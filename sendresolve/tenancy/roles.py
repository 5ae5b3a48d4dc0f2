"""Staff roles, and which kind of organisation each belongs to."""

from django.db import models


class Role(models.TextChoices):
    ADVISER = "adviser", "Mediation adviser"
    MEDIATOR = "mediator", "Mediator"
    COORDINATOR = "coordinator", "Case coordinator"
    PROVIDER_MANAGER = "provider_manager", "Provider manager"
    LA_OFFICER = "la_officer", "Local authority SEND officer"
    HEALTH_COMMISSIONER = "health_commissioner", "Health commissioner"
    ADMINISTRATOR = "administrator", "Administrator"


PROVIDER_ROLES = frozenset({Role.ADVISER, Role.MEDIATOR, Role.COORDINATOR, Role.PROVIDER_MANAGER})
LOCAL_AUTHORITY_ROLES = frozenset({Role.LA_OFFICER})
COMMISSIONING_BODY_ROLES = frozenset({Role.HEALTH_COMMISSIONER})
GLOBAL_ROLES = frozenset({Role.ADMINISTRATOR})
