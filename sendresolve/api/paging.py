"""Cursor paging for the case list (issue 26).

The list used to page by ``limit`` and ``offset`` with a ``count``: at national scale that meant
counting every case a provider holds and skipping ``offset`` rows for each page, so the last page
cost far more than the first. DRF's ``CursorPagination`` pages by position instead: each page
starts where the last one ended, by the case's ``id`` (unique and unchanging, so the newest
recorded first; DRF pages by its ordering's first field, and ``opened_on`` ties on every busy
day), an index on ``(provider, id)`` (and the LA's) takes the database straight there, and there
is no count. The cursor is opaque; one that is not ours is a 400 problem, not a 404 or a 500.
"""

from rest_framework import exceptions
from rest_framework.pagination import CursorPagination


class CaseCursorPagination(CursorPagination):
    """``limit`` (1 to 200; 50 if missing or not a positive whole number) and ``cursor`` (from
    the ``next`` or ``previous`` link of the page before)."""

    ordering = ("-id",)
    page_size = 50
    max_page_size = 200
    page_size_query_param = "limit"
    page_size_query_description = "Cases per page, 1 to 200 (50 if missing)."
    cursor_query_description = (
        "Where the page starts: copy it from the ``next`` or ``previous`` link of the page "
        "before. Opaque."
    )

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            cursor = False
        position = cursor.position if cursor else None
        if (
            cursor is False
            or (position is not None and not (position.isascii() and position.isdigit()))
            or (position is not None and int(position) >= 2**63)
        ):
            raise exceptions.ValidationError(
                {"cursor": ["Not a cursor from this list: start again without one."]}
            )
        return cursor

    def get_paginated_response_schema(self, schema):
        # DRF writes OpenAPI 3.0 ``nullable``; the document is OpenAPI 3.1 (JSON Schema).
        result = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            result["properties"][link].pop("nullable", None)
            result["properties"][link]["type"] = ["string", "null"]
        return result
