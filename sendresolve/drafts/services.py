"""Writes for saved requests: save and send the link (replacing the browser's last one),
and discard."""

import datetime as dt
import logging
from collections.abc import Callable

from django.db import transaction

from sendresolve.core import clock
from sendresolve.core.sealing import seal
from sendresolve.drafts.models import SavedRequest
from sendresolve.drafts.tokens import sealing_salt, token_digest, token_new
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import message_send

logger = logging.getLogger(__name__)


@transaction.atomic
def saved_request_save(
    *, answers: dict, days: int, replaces: int | None = None
) -> tuple[SavedRequest, str]:
    """Keep ``answers`` sealed for ``days`` days; return the row and the link's token.

    ``replaces`` is the id of the request this browser saved (or opened) before: its link stops
    working, so one journey has one live link. The token is returned once and never stored.
    """
    if replaces is not None:
        SavedRequest.objects.filter(pk=replaces).delete()
    token = token_new()
    now = clock.now()
    saved = SavedRequest.objects.create(
        token_digest=token_digest(token),
        sealed_answers=seal(answers, salt=sealing_salt(token)),
        saved_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    logger.info("Saved request %s saved for %s days", saved.pk, days)
    return saved, token


def saved_request_discard(*, saved_id: int | None) -> int:
    """Delete a saved request (its request was sent, or saved again); the number deleted."""
    if saved_id is None:
        return 0
    deleted, _ = SavedRequest.objects.filter(pk=saved_id).delete()
    return deleted


def expiry_text(moment: dt.datetime) -> str:
    """When a link stops working, in London time: "3:35pm on Sunday 13 December 2026"."""
    local = moment.astimezone(clock.LONDON)
    hour = local.hour % 12 or 12
    clock_time = f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    return f"{clock_time} on {long_date(local.date())}"


@transaction.atomic
def saved_request_send(
    *,
    answers: dict,
    to: str,
    days: int,
    link_for: Callable[[str], str],
    replaces: int | None = None,
) -> SavedRequest:
    """Save ``answers`` (replacing ``replaces``) and email the link to ``to``, in one
    transaction: if the message cannot be recorded, nothing is saved and the old link stands.

    ``link_for`` turns the token into the link's full address. The address is used only to
    send: it is kept in the outbox, as every message's recipient is, and nowhere else.
    """
    saved, token = saved_request_save(answers=answers, days=days, replaces=replaces)
    message_send(
        template="request_saved",
        to=to,
        channel=Channel.EMAIL,
        personalisation={
            "saved_link": link_for(token),
            "expires_at": expiry_text(saved.expires_at),
        },
    )
    return saved
