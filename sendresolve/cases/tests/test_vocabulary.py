"""The case vocabulary and Case.certificate_required read the law core's rules."""

import pytest

from sendresolve.cases.models import Case, Issue
from sendresolve.cases.vocabulary import (
    APPEALABLE_SUBJECTS,
    CERTIFICATE_EXEMPT_SUBJECTS,
    CaseKind,
    IssueSubject,
)
from sendresolve.law import appeals


def test_the_law_cores_subjects_are_issue_subjects():
    assert APPEALABLE_SUBJECTS is appeals.APPEALABLE_SUBJECTS
    assert CERTIFICATE_EXEMPT_SUBJECTS == {IssueSubject.PLAN_PLACEMENT}
    assert APPEALABLE_SUBJECTS | set(appeals.CLAIMS) <= set(IssueSubject.values)


@pytest.mark.parametrize(
    ("subjects", "required"),
    [
        ({IssueSubject.PLAN_PLACEMENT}, False),
        ({IssueSubject.PLAN_PLACEMENT, IssueSubject.PLAN_NEEDS}, True),
        ({IssueSubject.REFUSAL_TO_ASSESS}, True),
        ({IssueSubject.DISABILITY_DISCRIMINATION}, None),
        ({IssueSubject.DISABILITY_DISCRIMINATION, IssueSubject.PLAN_PLACEMENT}, False),
        ({IssueSubject.DELAY, IssueSubject.HEALTH_SERVICES}, None),
    ],
)
def test_a_mediation_case_asks_the_law_core_whether_a_certificate_is_needed(subjects, required):
    assert Case(kind=CaseKind.MEDIATION).certificate_required(subjects) is required


def test_disagreement_resolution_leads_to_no_appeal_so_no_certificate_question():
    case = Case(kind=CaseKind.DISAGREEMENT_RESOLUTION)
    assert case.certificate_required({IssueSubject.PLAN_NEEDS}) is None


def test_an_issue_is_appealable_as_the_law_core_says():
    assert Issue(subject=IssueSubject.CEASE_TO_MAINTAIN).appealable
    assert not Issue(subject=IssueSubject.PLAN_HEALTH_OR_SOCIAL_CARE).appealable
