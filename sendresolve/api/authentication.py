"""Token authentication: ``Authorization: Bearer <token>``, looked up by the token's hash."""

import datetime as dt

from rest_framework import authentication, exceptions

from sendresolve.api.models import ApiToken, token_hash
from sendresolve.core import clock

# Record last use at most this often, so each request does not write a row.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate a request by an ``ApiToken`` that is not revoked and whose user is active."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as “Authorization: Bearer <token>”."
            )
        try:
            plaintext = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=token_hash(plaintext), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked.")
        now = clock.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="SEND Resolve API"'
