"""A quick yes for input that surely matches its schema, before the full validator.

``jsonschema`` walks a schema with general machinery that costs more than the route finder's
own decision (``make benchmark``). :func:`surely_valid` checks the few keywords the law core's
schemas use, strictly, and answers True only when the data certainly matches; on any doubt (a
keyword it does not know, a float where an integer is wanted, a failed check) it answers False
and :func:`~sendresolve.law.schemas.validate` runs ``jsonschema``, which decides and words the
error. So an input is accepted exactly when ``jsonschema`` accepts it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

__all__ = ["surely_valid"]

#: Keywords that only annotate a schema.
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$comment", "examples"})
#: ``format: date`` as jsonschema checks it: four, two and two ASCII digits, a real date.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "object":
        return type(value) is dict
    if kind == "array":
        return type(value) is list
    if kind == "string":
        return type(value) is str
    if kind == "integer":
        return type(value) is int
    if kind == "number":
        return type(value) in (int, float)
    if kind == "boolean":
        return type(value) is bool
    if kind == "null":
        return value is None
    return False


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON values, for plain strings, integers, booleans and null only."""
    return type(a) is type(b) and type(a) in (str, int, bool, type(None)) and a == b


#: id of a schema's enum list -> (the list, kept so the id stays its own; its strings or None).
_ENUMS: dict[int, tuple[list[Any], frozenset[str] | None]] = {}


def _strings(options: list[Any]) -> frozenset[str] | None:
    """The enum's options as a set, if they are all strings (the schemas are loaded once)."""
    kept = _ENUMS.get(id(options))
    if kept is None or kept[0] is not options:
        strings = frozenset(options) if all(type(o) is str for o in options) else None
        kept = _ENUMS[id(options)] = (options, strings)
    return kept[1]


def surely_valid(root: dict[str, Any], data: Any) -> bool:
    """True only if ``data`` certainly matches the schema ``root`` (see the module's docstring)."""
    return _check(root, root, data)


def _check(root: dict[str, Any], schema: Any, value: Any) -> bool:  # noqa: C901
    if schema is True:
        return True
    if not isinstance(schema, dict):
        return False
    for key, arg in schema.items():
        if key in _ANNOTATIONS or key == "$defs":
            continue
        if key == "$ref":
            if not (isinstance(arg, str) and arg.startswith("#/$defs/")):
                return False
            target = root.get("$defs", {}).get(arg[len("#/$defs/") :])
            if target is None or not _check(root, target, value):
                return False
        elif key == "type":
            kinds = arg if isinstance(arg, list) else [arg]
            if not any(_type_ok(kind, value) for kind in kinds):
                return False
        elif key == "enum":
            strings = _strings(arg)
            if strings is not None and type(value) is str:
                if value not in strings:
                    return False
            elif not any(_same(option, value) for option in arg):
                return False
        elif key == "const":
            if not _same(arg, value):
                return False
        elif key in ("minimum", "maximum"):
            if type(value) not in (int, float):
                continue  # applies to numbers only
            if key == "minimum" and not value >= arg or key == "maximum" and not value <= arg:
                return False
        elif key in ("minLength", "maxLength", "pattern", "format"):
            if type(value) is not str:
                continue  # applies to strings only
            if key == "minLength" and len(value) < arg or key == "maxLength" and len(value) > arg:
                return False
            if key == "pattern" and not _pattern(arg).search(value):
                return False
            if key == "format":
                if arg != "date" or not _DATE.fullmatch(value):
                    return False
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    return False
        elif key in ("minItems", "maxItems", "uniqueItems", "items"):
            if type(value) is not list:
                continue  # applies to arrays only
            if key == "minItems" and len(value) < arg or key == "maxItems" and len(value) > arg:
                return False
            if key == "uniqueItems" and arg:
                if not all(type(item) is str for item in value) or len(set(value)) != len(value):
                    return False
            if key == "items" and not all(_check(root, arg, item) for item in value):
                return False
        elif key in ("required", "properties", "additionalProperties"):
            if type(value) is not dict:
                continue  # applies to objects only
            if key == "required" and not all(name in value for name in arg):
                return False
            if key == "properties":
                for name, sub in arg.items():
                    if name in value and not _check(root, sub, value[name]):
                        return False
            if key == "additionalProperties":
                known = schema.get("properties", {})
                if "patternProperties" in schema:
                    return False
                for name, item in value.items():
                    if name not in known and not _check(root, arg, item):
                        return False
        else:
            return False  # a keyword not handled here: let jsonschema decide
    return True
