"""Webhook writes: registering, rotating and deleting endpoints; queueing and replaying deliveries.

What is queued for an endpoint is what its organisation's staff may see of the case: a
provider its own cases, an LA its own cases once it has something to do on them and a health
body the cases it has something to do on (``cases.privacy``: the rule the staff pages and the
API read by). Every delivery is queued once per occurrence and endpoint (``Delivery.dedup_key``)
and handed to the task queue after the transaction commits (``tasks``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent
from sendresolve.cases.privacy import health_visible, la_visible
from sendresolve.cases.states import OPEN
from sendresolve.cases.vocabulary import EventType as CaseEventType
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tenancy.actors import Who, as_actor
from sendresolve.webhooks import events
from sendresolve.webhooks.events import EventType
from sendresolve.webhooks.models import Delivery, Endpoint
from sendresolve.webhooks.security import secret_new, url_check
from sendresolve.webhooks.selectors import managed_by, owner_choices
from sendresolve.webhooks.signing import PREVIOUS_SECRET_KEPT, secret_seal
from sendresolve.webhooks.tasks import delivery_enqueue

logger = logging.getLogger(__name__)

# A second "register" of the same address by the same person this soon is a double submission.
REPEAT_WITHIN = dt.timedelta(minutes=10)
DUE_SOON_DAYS = 5


# -- endpoints ------------------------------------------------------------------------------


def _owner_fields(who: Who, owner: str) -> dict[str, Any]:
    if owner not in dict(owner_choices(who)):
        raise ValidationError("Choose an organisation you manage", field="owner")
    kind, _, pk = owner.partition(":")
    return {"owner_kind": kind, f"{kind}_id": int(pk)}


def _event_types(values: Iterable[str]) -> list[str]:
    chosen = sorted(set(values))
    if not chosen:
        raise ValidationError("Choose at least one event to be sent", field="event_types")
    if any(value not in EventType.values for value in chosen):
        raise ValidationError("Choose events from the list", field="event_types")
    return chosen


def _audit(actor: Who, action: str, endpoint: Endpoint, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=endpoint,
        local_authority=endpoint.local_authority,
        provider=endpoint.provider,
        detail={"endpoint_id": endpoint.pk, "owner": endpoint.owner_kind, **detail},
    )


def endpoint_create(
    *, actor: Who, owner: str, url: str, event_types: Iterable[str], description: str = ""
) -> tuple[Endpoint, str | None]:
    """Register an endpoint; return it and its new secret (shown once, then only sealed).

    The same address registered again for the same organisation by the same person within
    ``REPEAT_WITHIN`` is a double submission: the first endpoint, and no secret, come back.
    """
    actor = as_actor(actor)
    fields = _owner_fields(actor, owner)
    url = url_check(url)
    chosen = _event_types(event_types)
    same = Endpoint.objects.filter(
        url=url, **{k: v for k, v in fields.items() if k != "owner_kind"}
    )
    earlier = same.first()
    if earlier is not None:
        if (
            earlier.created_by_id == actor.user_id
            and earlier.created_at >= clock.now() - REPEAT_WITHIN
        ):
            return earlier, None
        raise ValidationError(
            "This address is already registered for the organisation", field="url"
        )
    secret = secret_new()
    try:
        with transaction.atomic():
            endpoint = Endpoint.objects.create(
                **fields,
                url=url,
                description=description.strip()[:120],
                event_types=chosen,
                secret_sealed=secret_seal(secret),
                created_by_id=actor.user_id,
            )
            _audit(actor, "webhook.endpoint.create", endpoint, event_types=chosen)
    except IntegrityError:
        earlier = same.first()
        if earlier is None:
            raise
        return earlier, None
    return endpoint, secret


def endpoint_rotate(*, actor: Who, endpoint: Endpoint) -> str:
    """Give the endpoint a new secret (returned, to show once); the old one keeps signing too
    for ``PREVIOUS_SECRET_KEPT``, so the receiver can switch without losing messages."""
    secret = secret_new()
    with transaction.atomic():
        locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
        now = clock.now()
        locked.previous_secret_sealed = locked.secret_sealed
        locked.previous_secret_until = now + PREVIOUS_SECRET_KEPT
        locked.secret_sealed = secret_seal(secret)
        locked.secret_rotated_at = now
        locked.save()
        _audit(actor, "webhook.endpoint.rotate", locked)
    endpoint.refresh_from_db()
    return secret


def endpoint_delete(*, actor: Who, endpoint: Endpoint) -> None:
    """Delete the endpoint and its delivery log; nothing more is sent to it."""
    with transaction.atomic():
        _audit(actor, "webhook.endpoint.delete", endpoint)
        Endpoint.objects.filter(pk=endpoint.pk).delete()


# -- who is sent what -----------------------------------------------------------------------


def endpoints_seeing(case: Case, event_type: str) -> list[Endpoint]:
    """The active endpoints subscribed to ``event_type`` whose organisation sees ``case``."""
    candidates = Endpoint.objects.filter(is_active=True).filter(
        Q(provider_id=case.provider_id)
        | Q(local_authority_id=case.local_authority_id)
        | Q(commissioning_body__isnull=False)
    )
    found = []
    for endpoint in candidates:
        if event_type not in endpoint.event_types:
            continue
        if endpoint.provider_id is not None:
            found.append(endpoint)  # the provider's own case (filtered above)
            continue
        if endpoint.local_authority_id is not None:
            condition = la_visible(endpoint.local_authority_id)
        elif endpoint.commissioning_body_id is not None:
            condition = health_visible(endpoint.commissioning_body_id)
        else:
            continue
        if Case.objects.filter(condition, pk=case.pk).exists():
            found.append(endpoint)
    return found


def _queue(
    endpoints: list[Endpoint], *, event_type: str, dedup_key: str, case: Case, data: dict
) -> list[Delivery]:
    """One delivery per endpoint (none for an endpoint that had this occurrence already), each
    handed to the task queue once the transaction commits."""
    now = clock.now()
    made = []
    for endpoint in endpoints:
        message_id = f"msg_{uuid.uuid4().hex}"
        payload = {"type": event_type, "timestamp": now.isoformat(), "data": data}
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    endpoint=endpoint,
                    message_id=message_id,
                    event_type=event_type,
                    dedup_key=dedup_key,
                    case=case,
                    payload=payload,
                    next_attempt_at=now,
                )
        except IntegrityError:
            continue  # queued already (a rerun of the job, or the same event twice)
        delivery_enqueue(delivery.pk)
        made.append(delivery)
    return made


def case_event_deliveries_queue(*, event_id: int) -> list[Delivery]:
    """Queue the webhooks a committed case event makes: opened, status changed, certificate
    issued, agreement issued."""
    event = (
        CaseEvent.objects.select_related("case__provider", "case__local_authority")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return []
    case = event.case
    kinds: list[tuple[str, dict]] = []
    data = events.event_data(event)
    if event.type == CaseEventType.CASE_OPENED:
        kinds.append((EventType.CASE_OPENED, data))
    elif event.from_status != event.to_status:
        kinds.append((EventType.STATUS_CHANGED, data))
    if event.type in {CaseEventType.CERTIFICATE_ISSUED, CaseEventType.CERTIFICATE_CORRECTED}:
        certificate = case.certificates.order_by("-pk").first()
        if certificate is not None:
            kinds.append(
                (
                    EventType.CERTIFICATE_ISSUED,
                    {**data, "certificate": events.certificate_data(certificate)},
                )
            )
    if event.type == CaseEventType.AGREEMENT_ISSUED:
        kinds.append((EventType.AGREEMENT_ISSUED, data))
    made: list[Delivery] = []
    for event_type, payload in kinds:
        made += _queue(
            endpoints_seeing(case, event_type),
            event_type=event_type,
            dedup_key=f"event:{event.pk}:{event_type}",
            case=case,
            data=payload,
        )
    return made


def deadline_deliveries_queue(*, today: dt.date) -> int:
    """Queue the deadline webhooks of ``today``: due soon (within ``DUE_SOON_DAYS``), missed, and
    a step after a tribunal decision due soon; once per deadline, kind and due date. Return how
    many deliveries were queued. Run by the daily reminder job."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    if not Endpoint.objects.filter(is_active=True).exists():
        return 0
    deadlines = (
        CaseDeadline.objects.filter(
            state=CaseDeadline.State.OPEN, case__status__in=sorted(OPEN), due_on__lte=soon
        )
        .exclude(responsible="family")
        .select_related("case__provider", "case__local_authority")
        .order_by("due_on", "pk")
    )
    count = 0
    for deadline in deadlines.iterator(chunk_size=500):
        kinds = [
            EventType.DEADLINE_MISSED if deadline.due_on < today else EventType.DEADLINE_DUE_SOON
        ]
        if deadline.due_on >= today and events.is_tribunal_step(deadline):
            kinds.append(EventType.TRIBUNAL_STEP_DUE)
        for event_type in kinds:
            count += len(
                _queue(
                    endpoints_seeing(deadline.case, event_type),
                    event_type=event_type,
                    dedup_key=f"deadline:{deadline.pk}:{event_type}:{deadline.due_on.isoformat()}",
                    case=deadline.case,
                    data=events.deadline_data(deadline),
                )
            )
    return count


# -- replay ---------------------------------------------------------------------------------


def delivery_replay(*, actor: Who, delivery: Delivery) -> tuple[Delivery, bool]:
    """Send a delivery again, with the same message id and payload; return the replay and
    whether it is new. While an earlier replay of it is still waiting, that one is returned and
    nothing more is queued, so pressing the button twice sends once."""
    original = delivery.replay_of or delivery
    if not managed_by(actor).anything:
        raise NotFound("No such delivery.")
    waiting = Delivery.State.PENDING, Delivery.State.RETRYING
    try:
        with transaction.atomic():
            Delivery.objects.select_for_update().filter(pk=original.pk).first()
            pending = original.replays.filter(state__in=waiting).first()
            if pending is not None:
                return pending, False
            number = original.replays.count() + 1
            replay = Delivery.objects.create(
                endpoint=original.endpoint,
                message_id=original.message_id,
                event_type=original.event_type,
                dedup_key=f"replay:{original.pk}:{number}",
                case=original.case,
                payload=original.payload,
                replay_of=original,
                next_attempt_at=clock.now(),
            )
            _audit(actor, "webhook.delivery.replay", original.endpoint, delivery_id=original.pk)
            delivery_enqueue(replay.pk)
    except IntegrityError:
        pending = original.replays.filter(state__in=waiting).order_by("-pk").first()
        if pending is None:
            raise
        return pending, False
    return replay, True


def deliveries_requeue_stale(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Hand back to the task queue the deliveries still waiting ``older_than`` after their next
    try was due (a worker killed between an attempt and queueing the next, a queue emptied by
    hand); return how many. An attempt is claimed under a row lock, so a delivery queued twice
    is still tried once at a time (``sending``)."""
    due_before = clock.now() - older_than
    stale = Delivery.objects.filter(
        state__in=[Delivery.State.PENDING, Delivery.State.RETRYING],
        next_attempt_at__lt=due_before,
        endpoint__is_active=True,
    ).values_list("pk", flat=True)
    ids = list(stale)
    for delivery_id in ids:
        delivery_enqueue(delivery_id)
    return len(ids)
