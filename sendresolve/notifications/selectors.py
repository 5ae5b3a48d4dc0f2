"""Reads of the outbox, scoped to the acting user like tenancy.

- administrators see every message;
- provider staff see their provider's messages, and messages for the LAs their provider serves
  that no provider sent;
- LA officers and health commissioners see every message for the LAs they see.
Messages with neither an LA nor a provider are for administrators only.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from sendresolve.cases.privacy import sees_family_details
from sendresolve.core import clock
from sendresolve.core.errors import NotFound
from sendresolve.notifications.models import DocumentSending, OutboxMessage
from sendresolve.tenancy.selectors import is_global, local_authorities_for, providers_for


def outbox_for(user: User | AnonymousUser | None) -> QuerySet[OutboxMessage]:
    """Return the outbox messages ``user`` may see, newest first."""
    messages = OutboxMessage.objects.select_related("local_authority", "provider")
    if is_global(user):
        return messages.all()
    providers = providers_for(user)
    for_their_local_authorities = Q(
        local_authority__in=local_authorities_for(user, on=clock.today())
    )
    if providers.exists():
        # Another provider's messages to families stay with that provider.
        for_their_local_authorities &= Q(provider__isnull=True)
    return messages.filter(Q(provider__in=providers) | for_their_local_authorities)


def message_get(user: User | AnonymousUser | None, *, pk: int) -> OutboxMessage:
    """Return one message ``user`` may see, or raise ``NotFound``."""
    try:
        return outbox_for(user).get(pk=pk)
    except OutboxMessage.DoesNotExist:
        raise NotFound(f"No message {pk} for this user.") from None


# -- what an action queued (the staff pages' success banner) ------------------------------------


def outbox_high_water() -> int:
    """The newest outbox message's id (0 for none): read before an action, so that
    ``queued_since`` can say what the action queued."""
    return OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0


def queued_since(high_water: int, *, reference: str) -> list[OutboxMessage]:
    """The messages about ``reference`` (a case) recorded after ``high_water``, oldest first.

    Only the recipient, channel and status are read: the banner names who was sent what.
    """
    return list(
        OutboxMessage.objects.filter(id__gt=high_water, reference=reference)
        .order_by("id")
        .only("id", "to", "channel", "status")
    )


# -- documents sent to the family (the staff case page) ----------------------------------------


def document_sendings_for(actor, case) -> list[DocumentSending]:
    """How the case's documents went to the family, oldest first: for those who may see the
    family's contact details (``cases.privacy.sees_family_details``), else nothing. Only the
    channel, state and reason are read: no address."""
    if not sees_family_details(actor, case):
        return []
    return list(
        DocumentSending.objects.filter(case=case)
        .order_by("created_at", "id")
        .only("id", "kind", "number", "channel", "state", "failure_reason", "sent_at")
    )
