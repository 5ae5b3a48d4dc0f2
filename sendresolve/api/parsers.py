"""The API's JSON parser: JSON, refusing text with the NUL character anywhere in it.

PostgreSQL cannot store or even compare text containing NUL (U+0000), so a body such as
``{"commissioning_body": "Q\\u0000"}`` made the lookup fail with a server error there (SQLite
let it through). No field in the API has a use for it: the body is refused as a whole with
400, before any field is looked at.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _has_nul(data):
            raise ParseError("Text in the request may not contain the NUL character (\\u0000).")
        return data
