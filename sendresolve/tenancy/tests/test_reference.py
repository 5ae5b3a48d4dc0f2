"""The packaged list of LAs.

That it still matches the list it was copied from is checked in CI by
``scripts/check-shared-copies.sh``, not here: a clone on its own has no original to compare with.
"""

from sendresolve.tenancy.models import LocalAuthority
from sendresolve.tenancy.reference import EXPECTED_COUNT, reference_local_authorities


def test_reference_list_has_every_english_send_authority():
    rows = reference_local_authorities()
    assert len(rows) == EXPECTED_COUNT == 153


def test_reference_codes_and_names_are_unique():
    rows = reference_local_authorities()
    for attribute in ("dfe_code", "gss_code", "name"):
        values = [getattr(row, attribute) for row in rows]
        assert len(set(values)) == len(values), attribute


def test_reference_codes_have_the_right_shape():
    rows = reference_local_authorities()
    kinds = {choice.value for choice in LocalAuthority.Kind}
    for row in rows:
        assert len(row.dfe_code) == 3 and row.dfe_code.isdigit(), row
        assert row.gss_code[:3] in {"E06", "E08", "E09", "E10"}, row
        assert row.kind in kinds, row
    assert len({row.region for row in rows}) == 9


def test_reference_list_counts_by_type_match_the_data_notes():
    rows = reference_local_authorities()
    counts = {}
    for row in rows:
        counts[row.kind] = counts.get(row.kind, 0) + 1
    assert counts == {"london_borough": 33, "metropolitan_borough": 36, "unitary": 63, "county": 21}


def test_reference_list_reflects_the_2023_cumbria_split():
    by_code = {row.dfe_code: row for row in reference_local_authorities()}
    assert "909" not in by_code
    assert by_code["942"].name == "Cumberland"
    assert by_code["943"].name == "Westmorland and Furness"
