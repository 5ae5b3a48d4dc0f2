"""Every audit action code the code base can write, found by reading its source (``ast``).

An audit event is written by ``audit.services.audit_record(action=…)`` (directly, or through a
module's own helper that passes its ``action`` or a part of it on) and by the case recorder,
whose code is the catalogue entry's ``audit`` or ``case.<action>`` for a step not in the
catalogue. The value of ``action`` is resolved from string constants, ``a if c else b``,
f-strings and the helper's call sites in the same module; what stays unknown (a variable that
is not a helper's parameter) becomes ``*``.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # sendresolve/
RECORDER_CALLS = frozenset({"event_record", "case_step_record", "case_event_record", "also"})
WILD = "*"


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _argument(call: ast.Call, function: ast.FunctionDef, parameter: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    names = [a.arg for a in function.args.posonlyargs + function.args.args]
    if parameter in names and names.index(parameter) < len(call.args):
        return call.args[names.index(parameter)]
    return None


class _Module:
    def __init__(self, tree: ast.Module):
        self.functions = {
            node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
        }
        self.calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        self.parent: dict[ast.AST, ast.FunctionDef] = {}
        for function in self.functions.values():
            for node in ast.walk(function):
                self.parent.setdefault(node, function)

    def values(self, node: ast.expr | None, depth: int = 0) -> set[str]:
        """The strings ``node`` can be, ``*`` standing for what cannot be known."""
        if node is None or depth > 4:
            return {WILD}
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return self.values(node.body, depth) | self.values(node.orelse, depth)
        if isinstance(node, ast.JoinedStr):
            parts = [
                self.values(v.value, depth)
                if isinstance(v, ast.FormattedValue)
                else {str(getattr(v, "value", ""))}
                for v in node.values
            ]
            return {"".join(p) for p in itertools.product(*parts)}
        if isinstance(node, ast.Name):
            function = self.parent.get(node)
            if function and node.id in [
                a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)
            ]:
                found: set[str] = set()
                for call in self.calls:
                    if _name(call) == function.name:
                        found |= self.values(_argument(call, function, node.id), depth + 1)
                return found or {WILD}
        return {WILD}


def audit_codes() -> tuple[set[str], set[str]]:
    """(codes written by ``audit_record``, steps the recorder records), from the source."""
    codes: set[str] = set()
    steps: set[str] = set()
    for path, tree in _sources():
        if path.parts[-2:] == ("audit", "services.py"):
            continue  # ``audit_record`` itself, and the purge that passes its caller's code on
        module = _Module(tree)
        for call in module.calls:
            name = _name(call)
            action = next((k.value for k in call.keywords if k.arg == "action"), None)
            if name in ("audit_record", "audit_purge_before") and action is not None:
                codes |= module.values(action)
            elif name in RECORDER_CALLS and action is not None:
                steps |= module.values(action)
    return codes, steps
