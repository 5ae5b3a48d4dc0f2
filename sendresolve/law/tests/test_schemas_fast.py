"""The quick check before the full JSON Schema validator never accepts what jsonschema refuses:
random situations and deadline inputs, valid and broken, are judged alike (``schemas.fast``)."""

import copy
import random

import pytest

from sendresolve.law.schemas import load_schema, validator
from sendresolve.law.schemas.fast import surely_valid
from sendresolve.law.tests.situations import random_situation

BREAKS = [
    lambda d: d.update(age=True),
    lambda d: d.update(age=3.0),
    lambda d: d.update(age=26),
    lambda d: d.update(age=-1),
    lambda d: d.update(requester="grandparent"),
    lambda d: d.update(has_ehc_plan=1),
    lambda d: d.update(with_=[]),
    lambda d: d.update({"with": []}),
    lambda d: d.update({"with": ["school", "school"]}),
    lambda d: d.update({"about": "delay"}),
    lambda d: d.update(surprise=1),
    lambda d: d.pop("age"),
    lambda d: d["dates"].update(decision_letter="2024-02-30"),
    lambda d: d["dates"].update(decision_letter="2024-2-3"),
    lambda d: d["dates"].update(decision_letter="２０２４-01-01"),
    lambda d: d["dates"].update(not_a_date_key="2024-01-01"),
    lambda d: d["dates"].update(decision_letter=20240101),
    lambda d: d.update(today=None),
    lambda d: d.update(local_authority=""),
    lambda d: d.update(local_authority="x" * 101),
    lambda d: d.update(phase_transfer_year="2026"),
    lambda d: d.update(school_type=None),
]


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_check_agrees_with_jsonschema_on_situations(seed):
    rng = random.Random(seed)
    schema = load_schema("situation")
    full = validator("situation")
    for _ in range(500):
        data = random_situation(rng)
        for brk in rng.sample(BREAKS, rng.randint(0, 2)):
            brk(data)
        if surely_valid(schema, data):
            assert full.is_valid(data), data


def test_valid_situations_take_the_quick_path():
    rng = random.Random(7)
    schema = load_schema("situation")
    situations = [random_situation(rng) for _ in range(200)]

    assert all(surely_valid(schema, s) for s in situations)


@pytest.mark.parametrize(
    "data",
    [
        {"dates": {"decision_letter": "2024-01-31"}},
        {"dates": {"decision_letter": "2024-01-31"}, "certificate_required": "yes"},
        {"dates": {}, "term_dates": {"source": "x", "covers": ["2025-09-01"], "terms": []}},
        {"dates": {"decision_letter": "2024-01-31"}, "extra": True},
    ],
)
def test_the_quick_check_never_accepts_a_bad_deadlines_input(data):
    schema = load_schema("deadlines-input")
    if surely_valid(schema, copy.deepcopy(data)):
        assert validator("deadlines-input").is_valid(data)
