"""JSON Schemas (draft 2020-12) for the law core's inputs and outputs, and a strict validator.

* ``situation.schema.json`` — input of ``sendresolve route``
* ``advice.schema.json`` — output of ``sendresolve route`` (``sendresolve.advice/1``)
* ``deadlines-input.schema.json`` — input of ``sendresolve deadlines``
* ``deadlines.schema.json`` — output of ``sendresolve deadlines`` (``sendresolve.deadlines/1``)

:func:`validate` raises :class:`InputError` with one plain message naming the field, for example
``dates.decision_letter: "2024-02-30" is not a valid date (use YYYY-MM-DD)``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from .fast import surely_valid

__all__ = ["SCHEMA_NAMES", "InputError", "load_schema", "validate", "validator"]

SCHEMA_NAMES = ("situation", "advice", "deadlines-input", "deadlines")


class InputError(ValueError):
    """Input that does not match its schema; the message names the field."""


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Return the parsed JSON Schema called ``name`` (see :data:`SCHEMA_NAMES`)."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}")
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """Return a compiled validator for schema ``name`` that also checks ``format: date``."""
    schema = load_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def validate(name: str, data: Any, error: type[InputError] = InputError) -> None:
    """Raise ``error`` with a one-line message naming the field if ``data`` breaks ``name``.

    Of several problems, a wrong key or value is reported before a missing key. Input that
    surely matches (:func:`~sendresolve.law.schemas.fast.surely_valid`) skips the full check.
    """
    if surely_valid(load_schema(name), data):
        return
    errors = sorted(
        validator(name).iter_errors(data),
        key=lambda e: (
            e.validator == "required",
            len(e.absolute_path),
            list(map(str, e.absolute_path)),
            e.validator != "format",
        ),
    )
    if errors:
        raise error(describe(errors[0]))


def _path(parts: list[Any]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(err: jsonschema.ValidationError) -> str:
    """Turn one jsonschema error into a short message that names the field."""
    path = _path(list(err.absolute_path))
    where = path or "input"
    kind = err.validator
    value: Any = err.instance
    # A boolean schema (or none) has no keywords to name; the validator's argument is plain JSON.
    schema: Mapping[str, Any] = err.schema if isinstance(err.schema, Mapping) else {}
    expected: Any = err.validator_value
    if kind == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        name = f"{path}.{extra[0]}" if path else extra[0]
        return f"{name}: unknown key (allowed: {', '.join(sorted(allowed))})"
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        name = f"{path}.{missing}" if path else missing
        return f"{name}: missing (required)"
    if kind == "enum":
        choices = ", ".join("null" if v is None else str(v) for v in expected)
        return f"{where}: {_show(value)} is not an allowed value (allowed: {choices})"
    if kind == "const":
        return f"{where}: must be {_show(expected)}"
    if kind == "format" or (kind == "pattern" and schema.get("format") == "date"):
        return f"{where}: {_show(value)} is not a valid date (use YYYY-MM-DD)"
    if kind == "type":
        wanted = expected
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        names = {
            "integer": "a whole number",
            "boolean": "true or false",
            "array": "a list",
            "object": "an object",
            "string": "a string",
        }
        return f"{where}: must be {names.get(wanted, wanted)}, not {_show(value)}"
    if kind in ("minimum", "maximum"):
        return (
            f"{where}: {_show(value)} is outside the allowed range "
            f"{schema.get('minimum')}–{schema.get('maximum')}"
        )
    if kind == "minItems":
        return f"{where}: must list at least {expected} item"
    if kind == "uniqueItems":
        return f"{where}: lists the same value more than once"
    if kind == "minLength":
        return f"{where}: must not be empty"
    return f"{where}: {err.message}"
