"""Each request reads the acting user's memberships once (``selectors.memberships_kept``)."""

from sendresolve.tenancy.selectors import memberships_kept


class MembershipsKeptMiddleware:
    """Wrap the request, so every tenancy check in it shares one read of the memberships."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with memberships_kept():
            return self.get_response(request)
