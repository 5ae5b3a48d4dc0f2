"""The law core is pure Python: it imports nothing from Django or the rest of the project."""

import ast
import subprocess
import sys
from pathlib import Path

LAW = Path(__file__).resolve().parents[1] / "sendresolve" / "law"
ALLOWED_THIRD_PARTY = {"holidays", "jsonschema", "yaml", "hypothesis", "pytest"}
FORBIDDEN_ROOTS = {"django", "config"}


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_law_package_exists_with_python_modules():
    assert (LAW / "__init__.py").exists()


def test_law_core_imports_only_the_standard_library_and_allowed_packages():
    stdlib = set(sys.stdlib_module_names)
    offenders = []
    for path in sorted(LAW.rglob("*.py")):
        for module in imported_modules(path):
            root = module.split(".")[0]
            if module.startswith("sendresolve.law") or module == "sendresolve.law":
                continue
            if (
                root in FORBIDDEN_ROOTS
                or root == "sendresolve"
                or (root not in stdlib and root not in ALLOWED_THIRD_PARTY)
            ):
                offenders.append(f"{path.relative_to(LAW.parent.parent)}: {module}")
    assert offenders == []


def test_importing_the_law_core_loads_no_django_or_project_module():
    modules = sorted(
        "sendresolve.law." + ".".join(p.relative_to(LAW).with_suffix("").parts)
        for p in LAW.rglob("*.py")
        if "tests" not in p.relative_to(LAW).parts and p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import sendresolve.law\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'config'}"
        " or (m.startswith('sendresolve.') and not m.startswith('sendresolve.law')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_contract_checker_would_catch_a_django_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport sendresolve.core.clock\n")
    assert imported_modules(bad) == ["django.db", "sendresolve.core.clock"]
