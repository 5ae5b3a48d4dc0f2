"""The JSON Schemas are valid draft 2020-12 and agree with the Python contract constants."""

import jsonschema
import pytest

from sendresolve.law.deadlines import CONTRACT_DEADLINE_IDS, DATE_KEYS
from sendresolve.law.schemas import SCHEMA_NAMES, InputError, load_schema, validate


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name):
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_situation_and_deadline_input_schemas_list_every_date_key():
    for name in ("situation", "deadlines-input"):
        props = load_schema(name)["properties"]["dates"]["properties"]
        assert tuple(props) == DATE_KEYS


def test_advice_schema_lists_every_contract_deadline_id():
    deadline = load_schema("advice")["$defs"]["deadline"]
    assert set(deadline["properties"]["id"]["enum"]) == set(CONTRACT_DEADLINE_IDS)


def test_advice_schema_rejects_unknown_route_ids():
    advice = {
        "schema": "sendresolve.advice/1",
        "appellant": None,
        "mediation_certificate_required": None,
        "mediation_arranged_by": None,
        "routes": [{"id": "duel", "title": "t", "why": "w", "legal_basis": []}],
        "deadlines": [],
        "warnings": [],
    }
    with pytest.raises(InputError, match=r"routes\[0\]\.id"):
        validate("advice", advice)


def test_unknown_schema_name_is_refused():
    with pytest.raises(ValueError):
        load_schema("nope")
