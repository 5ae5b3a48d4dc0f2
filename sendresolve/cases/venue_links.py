"""The one check on a venue's online joining link, for the model, the staff form and the API.

A joining link goes into calendar invitations and messages to the family: only an ``https``
address to a named host, with no user name or password in it, and nothing that could break a
line of an invitation.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

LINK_INVALID = "Enter the joining link starting with https://, like https://meet.example.com/abc"
LINK_MAX = 500

_url = URLValidator(schemes=["https"], message=LINK_INVALID)


def venue_link_validate(value: str) -> None:
    """Refuse anything but a plain ``https`` link (``ValidationError`` with GOV.UK words)."""
    if not value:
        return
    if len(value) > LINK_MAX:
        raise ValidationError(
            f"The joining link must be {LINK_MAX} characters or fewer", code="invalid"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError(LINK_INVALID, code="invalid")
    _url(value)
    parts = urlsplit(value)
    if parts.scheme != "https" or parts.username or parts.password or not parts.hostname:
        raise ValidationError(LINK_INVALID, code="invalid")
