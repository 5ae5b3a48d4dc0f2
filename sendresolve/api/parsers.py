"""The API's JSON parser: JSON at most 32 levels deep, with no NUL character anywhere in it.

Depth: Python's ``json`` recurses once per level, so a body of thousands of ``[`` was a
``RecursionError`` and a 500. The parse is guarded (a ``RecursionError`` is a malformed
request), and the parsed value is then walked without recursion: deeper than ``MAX_DEPTH``
is refused before any serializer, whose own walk recurses, sees it. No body in the API
needs more than four levels.

NUL: PostgreSQL cannot store or even compare text containing NUL (U+0000), so a body such as
``{"commissioning_body": "Q\\u0000"}`` made the lookup fail with a server error there (SQLite
let it through). No field in the API has a use for it: the body is refused as a whole with
400, before any field is looked at.

Size is Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB): a larger body is 413
(``errors.problem_exception_handler``).
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
TOO_DEEP = f"The request body is nested too deeply (more than {MAX_DEPTH} levels)."
HAS_NUL = "Text in the request may not contain the NUL character (\\u0000)."


def body_check(data) -> str | None:
    """Why ``data`` (parsed JSON) is refused, or None: too deep, or text with NUL in it.

    Iterative, so its own depth is no limit."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return HAS_NUL
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return TOO_DEEP
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)
    return None


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        problem = body_check(data)
        if problem:
            raise ParseError(problem)
        return data
