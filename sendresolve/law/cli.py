"""The ``sendresolve route`` and ``sendresolve deadlines`` commands (product.md §4).

``sendresolve route [FILE|-] [--format json|text]``
    Read a situation (``schemas/situation.schema.json``) from FILE or standard input and print
    the advice (``sendresolve.advice/1``).
``sendresolve deadlines [FILE|-] [--format json|text]``
    Read case dates (``schemas/deadlines-input.schema.json``; see
    :func:`sendresolve.law.deadlines.case_deadlines`) and print the deadlines
    (``sendresolve.deadlines/1``).

Exit 0 on success. On invalid input (unreadable file, bad JSON, a field that breaks the schema
or the law) print one line, ``sendresolve: error: <reason naming the field>``, to standard error
and exit 2. A ``today`` in the input wins over the clock passed to :func:`register`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import textwrap
from collections.abc import Callable
from typing import Any

from .dates import long_date
from .deadlines import case_deadlines
from .routes import advise
from .schemas import InputError

__all__ = ["register"]

EXIT_INPUT_ERROR = 2
WIDTH = 88


def register(subparsers: Any, *, today: Callable[[], dt.date]) -> None:
    """Add the ``route`` and ``deadlines`` subcommands to an argparse subparsers object."""
    route = subparsers.add_parser(
        "route",
        help="which routes are open for a situation, and by when",
        description="Read a situation (JSON) and print the advice.",
    )
    _add_common(route)
    route.set_defaults(func=lambda args: _run(args, today, _route))

    deadlines = subparsers.add_parser(
        "deadlines",
        help="every deadline that follows from a case's dates",
        description="Read case dates (JSON) and print the deadlines.",
    )
    _add_common(deadlines)
    deadlines.set_defaults(func=lambda args: _run(args, today, _deadlines))


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="JSON input file, or - for stdin"
    )
    parser.add_argument("--format", choices=("json", "text"), default="json")


def _run(
    args: argparse.Namespace,
    today: Callable[[], dt.date],
    compute: Callable[[Any, dt.date], tuple[dict[str, Any], str]],
) -> int:
    try:
        data = _read(args.file)
        result, text = compute(data, today())
    except ValueError as exc:  # InputError and SituationError are ValueErrors
        return _fail(str(exc))
    if args.format == "json":
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(text)
    return 0


def _fail(reason: str) -> int:
    line = " ".join(reason.split())
    sys.stderr.write(f"sendresolve: error: {line}\n")
    return EXIT_INPUT_ERROR


def _read(path: str) -> Any:
    try:
        if path == "-":
            raw = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                raw = handle.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    where = "stdin" if path == "-" else path
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except RecursionError:
        data = None
        too_deep = True
    else:
        too_deep = _depth(data) > MAX_DEPTH
    if too_deep:
        raise InputError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    return data


# No input the schemas accept is nested more than a few levels; anything far deeper is refused
# before validation, whose recursion would otherwise fail with a traceback.
MAX_DEPTH = 32


def _depth(data: Any) -> int:
    """How deeply lists and objects nest in ``data``, counted without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                break
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)
    return deepest


def _route(data: Any, today: dt.date) -> tuple[dict[str, Any], str]:
    advice = advise(data, today=today)
    return advice, _advice_text(advice)


def _deadlines(data: Any, today: dt.date) -> tuple[dict[str, Any], str]:
    if not isinstance(data, dict):
        raise InputError("input: must be an object")
    result = case_deadlines(data, today=today)
    lines = ["Deadlines", ""]
    lines += _deadline_lines(result["deadlines"])
    lines += _warning_lines(result["warnings"])
    return result, "\n".join(lines) + "\n"


# -- text format -------------------------------------------------------------------------------

_YES_NO = {True: "yes", False: "no", None: "not applicable"}


def _wrap(text: str, indent: str = "   ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _human(day_iso: str) -> str:
    return long_date(dt.date.fromisoformat(day_iso))


def _deadline_lines(deadlines: list[dict[str, Any]]) -> list[str]:
    if not deadlines:
        return ["   No deadlines: the situation gives no dates they can be counted from.", ""]
    lines = []
    for deadline in deadlines:
        when = _human(deadline["date"])
        if deadline.get("due_time"):
            when += f", by {deadline['due_time']}"
        lines.append(f" * {when} ({deadline['id'].replace('_', ' ')})")
        if "practical_date" in deadline:
            lines.append(f"   Aim for: {_human(deadline['practical_date'])}")
        lines += _wrap(deadline["rule"])
        lines += _wrap("Legal basis: " + "; ".join(deadline["legal_basis"]))
        lines.append("")
    return lines


def _warning_lines(warnings: list[str]) -> list[str]:
    if not warnings:
        return []
    lines = ["Please note", ""]
    for warning in warnings:
        lines += textwrap.wrap(warning, WIDTH, initial_indent=" ! ", subsequent_indent="   ")
    lines.append("")
    return lines


def _advice_text(advice: dict[str, Any]) -> str:
    arranged = advice["mediation_arranged_by"]
    lines = [
        "SEND Resolve: your options",
        "",
        f"Who can appeal or ask for mediation: {(advice['appellant'] or 'not applicable')}".replace(
            "_", " "
        ),
        f"Mediation certificate needed before appealing: "
        f"{_YES_NO[advice['mediation_certificate_required']]}",
        f"Mediation arranged by: {(arranged or 'not applicable').replace('_', ' ')}",
        "",
        "What you can do (first things first)",
        "",
    ]
    for number, route in enumerate(advice["routes"], start=1):
        lines.append(f"{number:>2}. {route['title']}")
        lines += _wrap(route["why"], "    ")
        if route["legal_basis"]:
            lines += _wrap("Legal basis: " + "; ".join(route["legal_basis"]), "    ")
        lines.append("")
    lines += ["Deadlines", ""]
    lines += _deadline_lines(advice["deadlines"])
    lines += _warning_lines(advice["warnings"])
    return "\n".join(lines) + "\n"
