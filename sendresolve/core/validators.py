"""Validators shared by the page forms and the API serializers."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"

_django_email = EmailValidator(message=EMAIL_INVALID)


def validate_plain_email(value: str) -> None:
    """An email address as people type them: Django's checks, and no quoted local part, space
    or control character.

    RFC 5322 allows ``"any thing"@example.com``, which Django's ``EmailValidator`` accepts; such
    an address cannot be written into a calendar invitation's ``mailto:`` or a message header
    as it is, and no family or office uses one. The message never repeats the value.
    """
    if any(ch == '"' or ch == "\\" or ch.isspace() or not ch.isprintable() for ch in value):
        raise ValidationError(EMAIL_INVALID, code="invalid")
    _django_email(value)


def email_is_plain(value: str) -> bool:
    """Whether ``validate_plain_email`` accepts ``value``: for services, which raise their own
    errors."""
    try:
        validate_plain_email(value)
    except ValidationError:
        return False
    return True
