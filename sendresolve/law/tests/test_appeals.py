"""Which decisions can be appealed (CFA 2014 s.51(2)) and which need a certificate (s.55)."""

import pytest

from sendresolve.law.appeals import (
    APPEALABLE_SUBJECTS,
    CERTIFICATE_EXEMPT_SUBJECTS,
    CLAIMS,
    DECISIONS,
    certificate_required,
    is_appealable,
)
from sendresolve.law.schemas import load_schema

# Each appealable decision, the paragraph of s.51(2) that makes it appealable, and whether an
# appeal about it alone needs a mediation certificate first (law.md §3.4).
APPEALS = [
    ("refusal_to_assess", "s.51(2)(a)", True),
    ("refusal_to_issue_plan", "s.51(2)(b)", True),
    ("plan_needs", "s.51(2)(c)(i)", True),
    ("plan_provision", "s.51(2)(c)(ii)", True),
    ("plan_placement", "s.51(2)(c)(iii) and (iv)", False),
    ("refusal_to_reassess", "s.51(2)(d)", True),
    ("refusal_to_amend", "s.51(2)(e)", True),
    ("cease_to_maintain", "s.51(2)(f)", True),
]
NOT_APPEALABLE = [
    "plan_health_or_social_care",
    "draft_plan",
    "provision_not_delivered",
    "support_without_plan",
    "health_services",
    "social_care_services",
    "assessment_or_planning_process",
    "delay",
    "order_or_agreement_not_followed",
    "personal_budget",
    "exclusion",
    "disability_discrimination",
    "other",
]


@pytest.mark.parametrize(("subject", "paragraph", "certificate"), APPEALS)
def test_each_appealable_decision_cites_its_paragraph_and_settles_the_certificate(
    subject, paragraph, certificate
):
    assert is_appealable(subject)
    assert certificate_required([subject]) is certificate
    assert f"Children and Families Act 2014 {paragraph}" in DECISIONS[subject].legal_basis


@pytest.mark.parametrize("subject", NOT_APPEALABLE)
def test_other_subjects_cannot_be_appealed_so_no_certificate_question_arises(subject):
    assert not is_appealable(subject)
    assert certificate_required([subject]) is None


def test_the_appealable_and_other_subjects_are_the_whole_situation_vocabulary():
    about = load_schema("situation")["properties"]["about"]["items"]["enum"]
    assert sorted(about) == sorted([s for s, _, _ in APPEALS] + NOT_APPEALABLE)
    assert APPEALABLE_SUBJECTS == {s for s, _, _ in APPEALS}


def test_a_placement_only_appeal_needs_no_certificate():
    assert CERTIFICATE_EXEMPT_SUBJECTS == {"plan_placement"}
    assert certificate_required(["plan_placement"]) is False
    assert certificate_required(["plan_placement", "plan_placement"]) is False


def test_placement_with_needs_or_help_in_the_plan_needs_a_certificate():
    assert certificate_required(["plan_placement", "plan_needs"]) is True
    assert certificate_required(["plan_provision", "plan_placement"]) is True


def test_disability_discrimination_needs_no_certificate():
    claim = CLAIMS["disability_discrimination"]
    assert claim.certificate is False
    assert "Equality Act 2010 Sch 17" in claim.legal_basis
    assert certificate_required(["disability_discrimination"]) is None
    assert certificate_required(["disability_discrimination", "plan_placement"]) is False
    assert certificate_required(["disability_discrimination", "refusal_to_assess"]) is True


def test_subjects_that_cannot_be_appealed_do_not_change_the_answer():
    assert certificate_required(["delay", "plan_placement", "exclusion"]) is False
    assert certificate_required(["health_services", "cease_to_maintain"]) is True
    assert certificate_required([]) is None


def test_words_families_read_for_the_placement_decision():
    assert DECISIONS["plan_placement"].words == (
        "the school or type of school named in the plan, or that none is named (section I)"
    )
