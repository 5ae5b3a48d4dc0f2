"""What the advice says once a deadline has passed: the day of, the day after, and steps done."""

import datetime as dt

import pytest

from sendresolve.law.deadlines import CONTRACT_DEADLINE_IDS, DATE_KEYS
from sendresolve.law.passed_deadlines import (
    passed_advice,
    passed_deadline_warnings,
)
from sendresolve.law.rules import deadline_for

# Decision letter Wed 31 January 2024: contact a mediation adviser within 2 months, by Sunday
# 31 March 2024 (MED-01, SEND Regulations 2014 reg 33).
LETTER = dt.date(2024, 1, 31)
CONTACT = deadline_for("MED-01", LETTER, deadline_id="contact_mediation_adviser")


def test_the_contact_deadline_is_sunday_31_march_2024():
    assert CONTACT.date == dt.date(2024, 3, 31)


@pytest.mark.parametrize("today", [dt.date(2024, 3, 30), dt.date(2024, 3, 31)])
def test_no_warning_up_to_and_on_the_deadline(today):
    assert passed_deadline_warnings([CONTACT], {"decision_letter": LETTER}, today) == []


def test_the_day_after_the_deadline_says_what_can_still_be_done():
    warnings = passed_deadline_warnings([CONTACT], {"decision_letter": LETTER}, dt.date(2024, 4, 1))
    assert warnings == [
        "The date to contact a mediation adviser (Sunday 31 March 2024) has passed. Contact one "
        "now anyway and ask for a certificate. If you cannot get one in time, you can ask the "
        "tribunal for more time or for permission to appeal without a certificate (HESC Rules "
        "r.5(3)(a)); it does not have to agree. SENDIASS can help."
    ]


@pytest.mark.parametrize(
    "later_step",
    ["adviser_informed_declined", "la_informed_mediation_wanted", "certificate_issued"],
)
def test_no_warning_once_a_later_step_shows_the_adviser_was_contacted(later_step):
    dates = {"decision_letter": LETTER, later_step: dt.date(2024, 3, 1)}
    assert passed_deadline_warnings([CONTACT], dates, dt.date(2024, 6, 1)) == []


def test_health_only_mediation_gets_the_nhs_advice_not_the_certificate_advice():
    # Health body notified Fri 13 December 2024: MED-04's weeks run from then.
    held = deadline_for("MED-04", dt.date(2024, 12, 13), deadline_id="mediation_held")
    warning = passed_deadline_warnings([held], {}, held.date + dt.timedelta(days=1))
    assert len(warning) == 1
    assert "ask the health body why, and you can make an NHS complaint" in warning[0]
    assert "certificate" not in warning[0]
    assert passed_advice("mediation_held", "MED-04").legal_basis[0] == (
        "Children and Families Act 2014 s.53"
    )


def test_an_id_without_advice_gives_no_warning():
    other = deadline_for("MED-01", LETTER, deadline_id="not_a_contract_deadline")
    assert passed_advice("not_a_contract_deadline") is None
    assert passed_deadline_warnings([other], {}, dt.date(2025, 1, 1)) == []


@pytest.mark.parametrize("deadline_id", CONTRACT_DEADLINE_IDS)
def test_every_contract_deadline_has_cited_advice_for_when_it_passes(deadline_id):
    advice = passed_advice(deadline_id)
    assert advice is not None
    assert advice.legal_basis
    assert "{date}" in advice.text
    assert advice.done_when <= set(DATE_KEYS)
