"""``sendresolve route`` and ``sendresolve deadlines``.

In-process tests build the parser exactly as the console script does (``sendresolve/cli.py``:
``register(subparsers, today=clock.today)`` then ``args.func(args)``), so nothing here imports
the rest of the project (the import-contract test scans this package, tests included). A few
tests run the installed ``sendresolve`` console script end to end in a subprocess.
"""

import argparse
import datetime as dt
import io
import json
import subprocess
import sys

import pytest

from sendresolve.law import cli as law_cli
from sendresolve.law.schemas import validator

from ._data import seed_scenarios

SCENARIOS = seed_scenarios()
CLOCK = {"today": dt.date(2024, 5, 1)}


def main(argv):
    """Mirror of ``sendresolve.cli.main`` for the law commands, with a pinned clock."""
    parser = argparse.ArgumentParser(prog="sendresolve")
    subparsers = parser.add_subparsers(dest="command", required=True)
    law_cli.register(subparsers, today=lambda: CLOCK["today"])
    args = parser.parse_args(argv)
    return args.func(args)


def run(argv, capsys, monkeypatch, stdin=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def console(args, stdin):
    """Run the real console entry point (``python -m sendresolve.cli``) in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "sendresolve.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_route_prints_contract_valid_json_for_each_seed(scenario, tmp_path, capsys, monkeypatch):
    path = tmp_path / "situation.json"
    path.write_text(json.dumps(scenario["situation"]), "utf-8")
    code, out, err = run(["route", str(path)], capsys, monkeypatch)
    assert code == 0 and err == ""
    advice = json.loads(out)
    assert list(validator("advice").iter_errors(advice)) == []
    dates = {d["id"]: d["date"] for d in advice["deadlines"]}
    for deadline_id, date in scenario["expect"].get("deadlines", {}).items():
        assert dates[deadline_id] == date


def test_route_reads_stdin_by_default(capsys, monkeypatch):
    code, out, _ = run(["route"], capsys, monkeypatch, json.dumps(SCENARIOS[0]["situation"]))
    assert code == 0
    assert json.loads(out)["schema"] == "sendresolve.advice/1"


def test_route_reads_stdin_from_dash(capsys, monkeypatch):
    code, out, _ = run(["route", "-"], capsys, monkeypatch, json.dumps(SCENARIOS[0]["situation"]))
    assert code == 0 and json.loads(out)["routes"]


def test_route_text_format_is_a_readable_summary(capsys, monkeypatch):
    code, out, _ = run(
        ["route", "--format", "text"], capsys, monkeypatch, json.dumps(SCENARIOS[0]["situation"])
    )
    assert code == 0
    assert "What you can do" in out
    assert "Appeal to the SEND Tribunal" in out
    assert "Tuesday 2 April 2024, by 17:00" in out
    assert all(len(line) <= 88 for line in out.splitlines())


def test_route_uses_the_clock_when_the_situation_has_no_today(capsys, monkeypatch):
    situation = dict(SCENARIOS[0]["situation"])
    situation.pop("today")
    monkeypatch.setitem(CLOCK, "today", dt.date(2030, 1, 1))
    code, out, _ = run(["route"], capsys, monkeypatch, json.dumps(situation))
    assert code == 0
    assert any("has passed" in w for w in json.loads(out)["warnings"])


def test_console_script_route_prints_contract_json():
    result = console(["route", "-"], json.dumps(SCENARIOS[0]["situation"]))
    assert result.returncode == 0, result.stderr
    advice = json.loads(result.stdout)
    assert list(validator("advice").iter_errors(advice)) == []
    assert {d["id"]: d["date"] for d in advice["deadlines"]}["appeal_registration"] == (
        "2024-04-02"
    )


def test_console_script_text_format():
    result = console(["route", "--format", "text"], json.dumps(SCENARIOS[5]["situation"]))
    assert result.returncode == 0, result.stderr
    assert "Mediation certificate needed before appealing: no" in result.stdout


def test_console_script_bad_input_exits_2_with_one_line():
    result = console(["deadlines"], '{"dates": {"decision_letter": "2024-02-30"}}')
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        'sendresolve: error: dates.decision_letter: "2024-02-30" is not a valid date '
        "(use YYYY-MM-DD)\n"
    )


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "stdin: not valid JSON"),
        ("[]", "input: must be an object"),
        (
            '{"age": 30, "requester": "parent", "has_ehc_plan": true, "with": ["school"], '
            '"about": ["other"]}',
            "age: 30 is outside the allowed range",
        ),
        (
            '{"age": 3, "requester": "parent", "has_ehc_plan": true, "with": ["school"], '
            '"about": ["other"], "dates": {"decision_letter": "2024-02-30"}}',
            'dates.decision_letter: "2024-02-30" is not a valid date',
        ),
        (
            '{"age": 3, "requester": "parent", "has_ehc_plan": true, "with": ["school"], '
            '"about": ["other"], "pets": 2}',
            "pets: unknown key",
        ),
    ],
)
def test_route_bad_input_exits_2_with_one_line(stdin, message, capsys, monkeypatch):
    code, out, err = run(["route"], capsys, monkeypatch, stdin)
    assert code == 2
    assert out == ""
    assert err.startswith("sendresolve: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_route_missing_file_exits_2(tmp_path, capsys, monkeypatch):
    code, _, err = run(["route", str(tmp_path / "nope.json")], capsys, monkeypatch)
    assert code == 2
    assert "cannot read file" in err and err.count("\n") == 1


def test_deadlines_command_prints_case_deadlines(capsys, monkeypatch):
    data = {
        "today": "2024-05-21",
        "dates": {
            "decision_letter": "2024-01-31",
            "certificate_issued": "2024-03-15",
            "tribunal_order": "2024-05-20",
        },
        "tribunal_order_type": "make_plan",
    }
    code, out, _ = run(["deadlines"], capsys, monkeypatch, json.dumps(data))
    assert code == 0
    result = json.loads(out)
    assert list(validator("deadlines").iter_errors(result)) == []
    dates = {d["id"]: d["date"] for d in result["deadlines"]}
    assert dates["appeal_registration"] == "2024-04-15"
    assert dates["order_draft_plan"] == "2024-06-24"
    assert dates["order_final_plan"] == "2024-08-05"


def test_deadlines_placement_only_has_no_contact_deadline(capsys, monkeypatch):
    data = {"dates": {"decision_letter": "2024-06-15"}, "certificate_required": False}
    code, out, _ = run(["deadlines"], capsys, monkeypatch, json.dumps(data))
    dates = {d["id"]: d["date"] for d in json.loads(out)["deadlines"]}
    assert code == 0
    assert dates == {"appeal_registration": "2024-09-02"}


def test_deadlines_text_format(capsys, monkeypatch):
    data = {"dates": {"adviser_informed_declined": "2024-03-28"}}
    code, out, _ = run(["deadlines", "--format", "text"], capsys, monkeypatch, json.dumps(data))
    assert code == 0
    assert "Thursday 4 April 2024 (certificate after declining)" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "dates: missing (required)"),
        ({"dates": {"decision_letter": "2024-13-01"}}, "dates.decision_letter"),
        ({"dates": {}, "tribunal_order_type": "banish"}, "tribunal_order_type"),
        ({"dates": {}, "health_only": "no"}, "health_only: must be true or false"),
    ],
)
def test_deadlines_bad_input_exits_2(data, message, capsys, monkeypatch):
    code, out, err = run(["deadlines"], capsys, monkeypatch, json.dumps(data))
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize("command", ["route", "deadlines"])
@pytest.mark.parametrize(
    "stdin",
    [
        "[" * 1000 + "]" * 1000,  # deeper than the JSON decoder's recursion allows
        '{"a": ' * 3000 + "1" + "}" * 3000,
        '{"age": 3, "with": ' + "[" * 40 + "]" * 40 + "}",  # decodes, but far too deep
    ],
)
def test_json_nested_too_deeply_exits_2_with_one_line(command, stdin, capsys, monkeypatch):
    code, out, err = run([command], capsys, monkeypatch, stdin)
    assert (code, out) == (2, "")
    assert err == "sendresolve: error: stdin: nested more than 32 levels deep\n"


def test_json_nested_as_deeply_as_allowed_reaches_validation(capsys, monkeypatch):
    stdin = '{"age": 3, "with": ' + "[" * 31 + "]" * 31 + "}"
    code, _, err = run(["route"], capsys, monkeypatch, stdin)
    assert code == 2
    assert "nested" not in err and err.count("\n") == 1
