"""What every API view shares: token auth, JSON only, problem responses, service calls."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView

from sendresolve.api.serializers.common import ProblemSerializer
from sendresolve.cases.selectors import case_get
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import actor_build

PROBLEM = "application/problem+json"


def problems(*statuses: int) -> dict:
    """Problem responses for the schema, always with 401 and 404."""
    descriptions = {
        400: "Invalid input: see “errors”; nothing was changed.",
        401: "No valid token.",
        403: "You can see the case but may not do this to it.",
        404: "No such object, or not yours to see.",
        409: "Not possible in the case's current state.",
        415: "Send application/json.",
    }
    return {
        (status, PROBLEM): OpenApiResponse(ProblemSerializer, description=descriptions[status])
        for status in sorted({401, 404, *statuses})
    }


# The settings give every view token authentication, JSON and the problem handler. (A comment,
# not a docstring: drf-spectacular would print a docstring as every operation's description.)
class ApiView(GenericAPIView):
    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Authenticate (the token), then build the request's actor once (``tenancy.actors``)."""
        super().initial(request, *args, **kwargs)
        request.actor = actor_build(request.user)

    def get_case(self, reference: str):
        """The case being written to, through the scoped selector (404 for other tenants)."""
        return case_get(self.request.actor, reference=reference)  # type: ignore[attr-defined]  # set in initial()

    def validated(self, serializer_class, **context):
        serializer = serializer_class(
            data=self.request.data, context={"request": self.request, **context}
        )
        serializer.is_valid(raise_exception=True)
        return serializer

    def perform(self, service, **kwargs):
        """Call one ``cases.services`` function as the requesting user.

        The case was found through the user's own scope, so a service refusing it with
        ``NotFound`` means "you may see this case but not do this": 403, not 404.
        """
        try:
            return service(actor=self.request.actor, **kwargs)
        except NotFound:
            raise exceptions.PermissionDenied("You may not do this on this case.") from None
