"""What every API view shares: token auth, JSON only, problem responses, service calls."""

import hashlib
import json
from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView

from sendresolve.api.serializers.common import ProblemSerializer
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.cases.selectors import case_get
from sendresolve.core.errors import NotFound
from sendresolve.tenancy.actors import actor_build

PROBLEM = "application/problem+json"


def repeat(serializer: Any) -> dict:
    """The schema's 200 for a create answered again: a repeat of an earlier request."""
    return {
        200: OpenApiResponse(
            serializer,
            description="A repeat (the same ``Idempotency-Key``, or the same body within 10 "
            "minutes): nothing new was created; the body is the first request's.",
        )
    }


def problems(*statuses: int) -> dict:
    """Problem responses for the schema, always with 400 (a query parameter the operation does
    not take), 401 and 404; an operation that takes a body (415) may also answer 413."""
    if 415 in statuses:
        statuses = (*statuses, 413)
    descriptions = {
        400: "Invalid input, or a query parameter the operation does not take: see “errors”; "
        "nothing was changed.",
        401: "No valid token.",
        403: "You can see the case but may not do this to it.",
        404: "No such object, or not yours to see.",
        409: "Not possible in the case's current state.",
        413: "The body is larger than 2.5 MB.",
        415: "Send application/json.",
    }
    return {
        (status, PROBLEM): OpenApiResponse(ProblemSerializer, description=descriptions[status])
        for status in sorted({400, 401, 404, *statuses})
    }


# The settings give every view token authentication, JSON and the problem handler. (A comment,
# not a docstring: drf-spectacular would print a docstring as every operation's description.)
class ApiView(GenericAPIView):
    replayed = False  # set by ``perform_action``: this request repeated an earlier one
    # The query parameters the operation documents; any other is refused (a typo such as
    # ``?stauts=`` must not quietly list everything). None: a strict serializer reads the
    # query string and refuses unknown names itself.
    query_parameters: frozenset[str] | None = frozenset()

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Authenticate (the token), refuse undocumented query parameters, then build the
        request's actor once (``tenancy.actors``)."""
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        served = method in self.http_method_names and hasattr(self, method)  # else 405
        if served and self.query_parameters is not None:
            unknown = sorted(set(request.query_params) - self.query_parameters)
            if unknown:
                raise exceptions.ValidationError(
                    {name[:40]: ["Unknown query parameter."] for name in unknown[:10]}
                )
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

    def perform_action(self, name: str, case: Any, **kwargs: Any) -> Any:
        """Perform catalogue action ``name`` on ``case`` once per submission: a repeat (the same
        ``Idempotency-Key``, or without one the same request within 10 minutes) answers with
        the first's result. 403 for a case the user may see but not do this to."""
        key, digest = submission_key(self.request, name)
        try:
            result = action_perform(
                name,
                actor=self.request.actor,  # type: ignore[attr-defined]  # set in initial()
                case=case,
                submission_key=key,
                digest=digest,
                **kwargs,
            )
        except NotFound:
            raise exceptions.PermissionDenied("You may not do this on this case.") from None
        self.replayed = isinstance(result, Replayed)
        return result.result if isinstance(result, Replayed) else result

    def created_status(self) -> int:
        """201 for the request that created something; 200 for a repeat answered with the
        first's result (the IETF idempotency-key draft's "the same response, not created")."""
        return status.HTTP_200_OK if self.replayed else status.HTTP_201_CREATED

    def perform(self, service, **kwargs):
        """Call one ``cases.services`` function as the requesting user.

        The case was found through the user's own scope, so a service refusing it with
        ``NotFound`` means "you may see this case but not do this": 403, not 404.
        """
        try:
            return service(actor=self.request.actor, **kwargs)
        except NotFound:
            raise exceptions.PermissionDenied("You may not do this on this case.") from None


def submission_key(request: Any, action: str) -> tuple[str, bool]:
    """The request's ``Idempotency-Key`` (hashed with the action, so keys never collide across
    actions), or else a digest of the request itself, its path and body: (key, is a digest)."""
    given = request.headers.get("Idempotency-Key", "").strip()
    if given:
        return "key:" + hashlib.sha256(f"{action}\n{given}".encode()).hexdigest()[:64], False
    body = json.dumps(request.data, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{request.path}\n{action}\n{body}".encode()).hexdigest()
    return "body:" + digest[:64], True
