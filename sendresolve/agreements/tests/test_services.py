"""The agreement document: drafted from the outcomes, edited, issued with a version, a code and
a signed PDF, re-issued as a new version, confirmed once by each party; the issues-still-in-
dispute summary; and never a confidential note anywhere."""

import datetime as dt

import pytest

from sendresolve.agreements import content, services
from sendresolve.agreements.models import AgreementDocument, AgreementReceipt, IssuesSummary
from sendresolve.agreements.tests.conftest import SECRET
from sendresolve.agreements.tests.helpers import draft_save, pdf_text
from sendresolve.cases import services as case_services
from sendresolve.cases.models import Case, CaseEvent
from sendresolve.cases.recorder import Replayed, action_perform
from sendresolve.core.clock import LONDON
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.tenancy.actors import FamilyActor
from sendresolve.verification.models import VerificationCode
from sendresolve.verification.selectors import document_check

pytestmark = pytest.mark.django_db


def test_the_draft_has_every_issue_with_its_result_and_every_action_with_date_and_clock(
    concluded,
):
    draft = content.draft_default(concluded, concluded.agreement)
    assert [(s["label"], s["result"]) for s in draft["sections"]] == [
        ("Special educational provision in the plan (section F)", "agreed"),
        ("Special educational needs in the plan (section B)", "partly_agreed"),
        ("School or placement named in the plan (section I)", "not_agreed"),
    ]
    assert draft["sections"][0]["text"] == (
        "Speech and language therapy weekly, delivered in school."
    )
    assert draft["sections"][2]["text"] == content.NOT_AGREED_TEXT
    actions = content.agreed_actions(concluded)
    # The dates are the case's stored deadlines, as the law adapter computed them.
    stored = {
        row.key: row.due_on.isoformat()
        for row in concluded.deadlines.filter(key__startswith="action:")
    }
    assert [(a["description"], a["clock"], [s["due_on"] for s in a["steps"]]) for a in actions] == [
        (
            "Amend section F to add weekly therapy",
            "Amend the plan (reg 44: 5 weeks)",
            ["2025-02-12"],
        ),
        (
            "Send the therapy timetable",
            "Not appealable: within 2 weeks (reg 42(3))",
            ["2025-01-22"],
        ),
        (
            "Share the latest OT report",
            "A different date agreed in writing (reg 42(5))",
            ["2025-02-14"],
        ),
    ]
    assert sorted(stored.values()) == ["2025-01-22", "2025-02-12", "2025-02-14"]


def test_only_the_cases_mediator_and_managers_word_the_agreement(role_personas, concluded):
    world = role_personas  # single-role staff; the case is the colleague's (a mediator)
    for persona in ("adviser", "coordinator", "mediator", "finance", "la_officer"):
        with pytest.raises(NotFound):
            draft_save(world.users[persona], concluded)
    assert not AgreementDocument.objects.exists()
    draft_save(world.users["manager"], concluded)
    assert AgreementDocument.objects.filter(case=concluded).count() == 1


def test_editing_the_draft_keeps_one_draft_and_needs_every_paragraph(concluded, mediator):
    first = draft_save(mediator, concluded)
    provision = concluded.issues.order_by("id").first()
    second = draft_save(mediator, concluded, sections={provision.pk: "Weekly therapy agreed."})
    assert second.pk == first.pk and second.version == 1
    assert second.sections[0]["text"] == "Weekly therapy agreed."
    with pytest.raises(ValidationError) as error:
        draft_save(mediator, concluded, sections={provision.pk: "   "})
    assert error.value.field == f"section-{provision.pk}"
    with pytest.raises(ValidationError):
        draft_save(mediator, concluded, intro="")
    assert AgreementDocument.objects.filter(case=concluded).count() == 1
    assert CaseEvent.objects.filter(case=concluded, type="agreement_drafted").count() == 2


def test_issuing_makes_version_one_with_a_code_and_a_pdf_of_the_actions_and_dates(
    concluded, mediator
):
    draft_save(mediator, concluded, intro="Agreed at mediation by everyone present.")
    document = services.agreement_issue(actor=mediator, case=concluded)
    assert (document.version, document.state) == (1, "issued")
    assert document.number == f"{concluded.reference}-A1"
    code = VerificationCode.objects.get(kind="agreement", number=document.number).code
    text = pdf_text(document.pdf)
    assert "Mediation agreement" in text and "Version 1" in text
    assert code in text
    assert "Agreed at mediation by everyone present." in text
    for expected in (
        "Amend section F to add weekly therapy",
        "12 February 2025",
        "Amend the plan (reg 44: 5 weeks)",
        "Send the therapy timetable",
        "22 January 2025",
        "Share the latest OT report",
        "14 February 2025",
    ):
        assert expected in text
    # Nothing left to issue: a second press without a new draft is refused.
    with pytest.raises(ValidationError):
        services.agreement_issue(actor=mediator, case=concluded)


def test_editing_after_issue_makes_version_two_and_supersedes_version_one(
    concluded, mediator, time_machine
):
    draft_save(mediator, concluded)
    first = services.agreement_issue(actor=mediator, case=concluded)
    first_code = VerificationCode.objects.get(number=first.number).code
    time_machine.move_to(dt.datetime(2025, 1, 27, 12, tzinfo=LONDON), tick=False)
    second = draft_save(mediator, concluded, closing="Corrected: the therapy is weekly.")
    assert (second.version, second.state) == (2, "draft")
    first.refresh_from_db()
    assert first.state == "issued"  # still in force until version 2 is issued
    second = services.agreement_issue(actor=mediator, case=concluded)
    first.refresh_from_db()
    assert (first.state, first.superseded_on) == ("superseded", dt.date(2025, 1, 27))
    assert second.number == f"{concluded.reference}-A2"
    assert f"It replaces agreement {first.number}" in pdf_text(second.pdf)
    assert bytes(first.pdf)  # the old version is kept
    check = document_check(first_code)
    assert check is not None and check.superseded
    assert check.superseded_by_number == second.number
    assert check.appeal_deadline is None and check.child_initials == "S. L. E."
    assert not document_check(VerificationCode.objects.get(number=second.number).code).superseded


@pytest.fixture
def issued(concluded, mediator, world):
    # The ICB is the case's lead health body, so its commissioner sees it and confirms.
    Case.objects.filter(pk=concluded.pk).update(commissioning_body=world.commissioning_body)
    concluded.refresh_from_db()
    draft_save(mediator, concluded)
    return services.agreement_issue(actor=mediator, case=concluded)


def test_each_party_confirms_receipt_once(world, concluded, issued):
    family = FamilyActor(user=None, user_id=None, case_id=concluded.pk)
    by_family = services.agreement_receipt_family(actor=family, case=concluded)
    again = services.agreement_receipt_family(actor=family, case=concluded)
    assert again.pk == by_family.pk and by_family.confirmed_by is None
    la = services.agreement_receipt_confirm(actor=world.users["la_officer"], case=concluded)
    icb = services.agreement_receipt_confirm(actor=world.users["icb_officer"], case=concluded)
    assert (la.party, la.confirmed_by) == ("local_authority", world.users["la_officer"])
    assert icb.party == "commissioning_body"
    services.agreement_receipt_confirm(actor=world.users["la_officer"], case=concluded)
    assert AgreementReceipt.objects.filter(document=issued).count() == 3
    assert CaseEvent.objects.filter(case=concluded, type="agreement_received").count() == 3


def test_a_double_submission_confirms_once(world, concluded, issued):
    officer = world.users["la_officer"]
    results = [
        action_perform(
            "agreement_receipt_confirm", actor=officer, case=concluded, submission_key="k" * 32
        )
        for _ in range(2)
    ]
    assert isinstance(results[1], Replayed)
    assert AgreementReceipt.objects.filter(document=issued).count() == 1
    assert CaseEvent.objects.filter(case=concluded, type="agreement_received").count() == 1


def test_others_may_not_confirm(world, concluded, issued):
    family_of_another = FamilyActor(user=None, user_id=None, case_id=concluded.pk + 1)
    with pytest.raises(NotFound):
        services.agreement_receipt_family(actor=family_of_another, case=concluded)
    with pytest.raises(NotFound):
        services.agreement_receipt_confirm(actor=world.users["other_la"], case=concluded)
    with pytest.raises(NotFound):  # the provider's staff confirm for no party
        services.agreement_receipt_confirm(actor=world.users["provider_staff"], case=concluded)
    assert not AgreementReceipt.objects.exists()


def test_the_summary_lists_exactly_the_issues_not_or_partly_agreed(concluded, time_machine):
    time_machine.move_to(dt.datetime(2025, 1, 21, 9, tzinfo=LONDON), tick=False)
    summary = services.issues_summary_get(case=concluded)
    assert [i["label"] for i in summary.issues] == [
        "Special educational needs in the plan (section B)",
        "School or placement named in the plan (section I)",
    ]
    text = pdf_text(summary.pdf)
    assert "Special educational needs in the plan (section B): partly agreed" in text
    assert "School or placement named in the plan (section I): not agreed" in text
    assert "section F" not in text  # the agreed issue is not in dispute
    assert "Speech and language therapy" not in text  # nor anything agreed or offered
    code = VerificationCode.objects.get(kind="remaining_issues", number=summary.number).code
    assert code in text
    assert services.issues_summary_get(case=concluded).pk == summary.pk
    assert IssuesSummary.objects.count() == 1
    check = document_check(code)
    assert check is not None and check.number == summary.number and not check.superseded


def test_no_summary_before_mediation_has_an_outcome(world):
    from sendresolve.cases.tests.factories import open_case

    with pytest.raises(NotFound):
        services.issues_summary_get(case=open_case(world))


def test_the_confidential_note_is_never_in_a_draft_or_a_pdf(concluded, mediator):
    default = content.draft_default(concluded, concluded.agreement)
    assert "SECRET-NOTE" not in repr(default)
    draft = draft_save(mediator, concluded)
    assert "SECRET-NOTE" not in pdf_text(services.agreement_preview_pdf(draft))
    document = services.agreement_issue(actor=mediator, case=concluded)
    summary = services.issues_summary_get(case=concluded)
    for pdf in (document.pdf, summary.pdf):
        assert "SECRET-NOTE" not in pdf_text(pdf)
        assert SECRET.encode() not in bytes(pdf)
    assert "SECRET-NOTE" not in repr(AgreementDocument.objects.values().get())


def test_the_concluded_certificate_lists_the_issues_still_in_dispute(world, concluded):
    certificate = case_services.certificate_issue(
        actor=world.users["provider_staff"], case=concluded, on=dt.date(2025, 1, 10)
    )
    text = pdf_text(certificate.pdf)
    assert "Issues still in dispute" in text
    in_dispute = text.split("Issues still in dispute", 1)[1]
    assert "Special educational needs in the plan (section B)" in in_dispute
    assert "School or placement named in the plan (section I)" in in_dispute


def test_issuing_sends_the_agreement_and_the_summary_to_the_family_once(
    concluded, mediator, django_capture_on_commit_callbacks
):
    from sendresolve.notifications.models import DocumentSending

    draft_save(mediator, concluded, intro="Agreed at mediation by everyone present.")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.agreement_issue(actor=mediator, case=concluded)
    summary = IssuesSummary.objects.get(case=concluded)
    sent = DocumentSending.objects.filter(case=concluded).order_by("kind")
    assert [(s.kind, s.number) for s in sent] == [
        ("agreement", document.number),
        ("remaining_issues", summary.number),
    ]
    # A second version is sent as well; the summary, unchanged, is not sent again.
    draft_save(mediator, concluded, intro="Corrected wording.")
    with django_capture_on_commit_callbacks(execute=True):
        second = services.agreement_issue(actor=mediator, case=concluded)
    assert DocumentSending.objects.filter(case=concluded, kind="remaining_issues").count() == 1
    assert DocumentSending.objects.filter(case=concluded, number=second.number).count() == 1
