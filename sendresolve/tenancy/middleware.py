"""Each request builds its actor once (``tenancy.actors``), lazily: family pages never ask."""

from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from sendresolve.tenancy.actors import Actor, ActorRequest, actor_build


class ActorMiddleware:
    """Set ``request.actor``: the signed-in user's ``Actor``, built at its first use.

    Lazy, so a page that never asks who is acting (the family pages) reads no session and no
    membership. The API replaces it after token authentication (``api.views.base``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: ActorRequest) -> HttpResponse:
        # The lazy object stands in for the actor it builds (the stubs type it as itself).
        request.actor = cast(Actor, SimpleLazyObject(lambda: actor_build(request.user)))
        return self.get_response(request)
