"""Reads for saved requests: opening one by its link's token."""

from sendresolve.core import clock
from sendresolve.core.sealing import Unsealable, unseal
from sendresolve.drafts.models import SavedRequest
from sendresolve.drafts.tokens import TOKEN_MAX_LENGTH, sealing_salt, token_digest

# Fernet's own age check, a second lock behind ``expires_at``: a little slack for clocks.
TTL_SLACK_SECONDS = 60


class SavedRequestGone(Exception):
    """The link is unknown, replaced, expired or for answers that can no longer be read."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "unknown")
        self.expired = expired


def saved_request_open(*, token: str) -> tuple[SavedRequest, dict]:
    """The saved request a link's token opens, and its answers; or raise ``SavedRequestGone``."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise SavedRequestGone
    saved = SavedRequest.objects.filter(token_digest=token_digest(token)).first()
    if saved is None:
        raise SavedRequestGone
    if saved.expires_at <= clock.now():
        raise SavedRequestGone(expired=True)
    ttl = int((saved.expires_at - saved.saved_at).total_seconds()) + TTL_SLACK_SECONDS
    try:
        answers = unseal(saved.sealed_answers, salt=sealing_salt(token), ttl=ttl)
    except Unsealable:
        raise SavedRequestGone(expired=True) from None
    if not isinstance(answers, dict):
        raise SavedRequestGone
    return saved, answers
