"""The satisfaction survey: sent once when mediation concludes, one anonymous answer a link."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from sendresolve.cases import services
from sendresolve.core.clock import LONDON
from sendresolve.notifications.models import OutboxMessage
from sendresolve.quality import survey
from sendresolve.quality.models import SurveyInvitation, SurveyResponse
from sendresolve.quality.tests.helpers import concluded, officer_on

pytestmark = pytest.mark.django_db

ANSWERS = {
    "satisfaction": "4",
    "listened_to": "yes",
    "would_recommend": "not_sure",
    "comments": "Clear and calm.",
}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 9, tzinfo=LONDON), tick=False)


def _conclude(world, django_capture_on_commit_callbacks, **extra):
    from sendresolve.billing.tests.helpers import mediation

    case = mediation(world, opened_on=dt.date(2024, 11, 4), meetings=[dt.date(2024, 11, 26)])
    officer_on(world, case)
    with django_capture_on_commit_callbacks(execute=True):
        services.mediation_conclude(
            actor=world.users["provider_staff"],
            case=case,
            on=dt.date(2024, 11, 26),
            outcomes={issue.pk: "agreed" for issue in case.issues.all()},
            agreement_text="The LA will assess.",
        )
    return case


def _links():
    """The survey links sent, by template."""
    found = {}
    for message in OutboxMessage.objects.filter(template__startswith="survey_"):
        found[message.template] = re.search(r"/survey/([^/\s]+)/", message.body).group(1)
    return found


def test_concluding_mediation_sends_the_family_and_the_la_officer_their_own_link(
    world, django_capture_on_commit_callbacks
):
    case = _conclude(world, django_capture_on_commit_callbacks)
    sent = OutboxMessage.objects.filter(template__startswith="survey_").order_by("template")
    assert [(m.template, m.to) for m in sent] == [
        ("survey_family", "alex@example.test"),
        ("survey_local_authority", "pat.officer@barnet.test"),
    ]
    invitations = SurveyInvitation.objects.filter(case=case)
    assert sorted(invitations.values_list("respondent", flat=True)) == [
        "family",
        "local_authority",
    ]
    links = _links()
    assert links["survey_family"] != links["survey_local_authority"]
    # Only the token's digest is stored.
    for token in links.values():
        assert not SurveyInvitation.objects.filter(token_digest=token).exists()
        assert SurveyInvitation.objects.filter(token_digest=survey.token_digest(token)).exists()


def test_a_case_is_surveyed_once_even_if_concluded_again(world):
    # (The test's transaction never commits: the sending is called here as the commit would.)
    case = concluded(world, opened_on=dt.date(2024, 11, 4), held_on=dt.date(2024, 11, 26))
    assert survey.survey_invitations_send(case.pk) == 1  # the family; no LA officer or inbox
    assert survey.survey_invitations_send(case.pk) == 0
    assert SurveyInvitation.objects.filter(case=case).count() == 1


def test_a_conclusion_rolled_back_sends_no_survey(world, django_capture_on_commit_callbacks):
    from sendresolve.billing.tests.helpers import mediation

    case = mediation(world, opened_on=dt.date(2024, 11, 4), meetings=[dt.date(2024, 11, 26)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.mediation_conclude(
            actor=world.users["provider_staff"],
            case=case,
            on=dt.date(2024, 11, 26),
            outcomes={issue.pk: "not_agreed" for issue in case.issues.all()},
        )
    # Not committed: nothing sent until the callbacks run.
    assert not SurveyInvitation.objects.exists()
    assert any(c.__name__ == "survey_send" for c in callbacks)


def test_the_link_opens_the_survey_once_and_a_double_submission_answers_once(
    world, client, django_capture_on_commit_callbacks
):
    _conclude(world, django_capture_on_commit_callbacks)
    url = reverse("quality:survey", args=[_links()["survey_family"]])
    page = client.get(url)
    assert page.status_code == 200
    assert "How was your mediation?" in page.content.decode()
    first = client.post(url, ANSWERS)
    assert first.status_code == 302
    assert first["Location"] == reverse("quality:survey-thanks")
    again = client.post(url, ANSWERS)
    assert again.status_code == 410
    assert "You have already answered this survey" in again.content.decode()
    assert client.get(url).status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_the_answer_holds_no_personal_data(world, client, django_capture_on_commit_callbacks):
    case = _conclude(world, django_capture_on_commit_callbacks)
    client.post(reverse("quality:survey", args=[_links()["survey_family"]]), ANSWERS)
    answer = SurveyResponse.objects.get()
    stored = {f.attname: getattr(answer, f.attname) for f in SurveyResponse._meta.concrete_fields}
    text = " ".join(str(v) for v in stored.values())
    for personal in (case.reference, case.requester_name, case.child_name, case.email):
        assert personal not in text
    assert set(stored) == {
        "id",
        "invitation_id",
        "provider_id",
        "local_authority_id",
        "respondent",
        "answered_on",
        "satisfaction",
        "listened_to",
        "would_recommend",
        "comments",
    }


def test_an_expired_or_unknown_link_gets_a_clear_page(
    world, client, time_machine, django_capture_on_commit_callbacks
):
    _conclude(world, django_capture_on_commit_callbacks)
    url = reverse("quality:survey", args=[_links()["survey_family"]])
    time_machine.move_to(dt.datetime(2025, 2, 9, 9, tzinfo=LONDON), tick=False)  # 61 days on
    expired = client.get(url)
    assert expired.status_code == 410
    assert "This survey link has expired" in expired.content.decode()
    assert client.post(url, ANSWERS).status_code == 410
    unknown = client.get(reverse("quality:survey", args=["x" * 43]))
    assert unknown.status_code == 404
    assert "This survey link does not work" in unknown.content.decode()
    assert not SurveyResponse.objects.exists()


def test_missing_answers_show_an_error_summary(world, client, django_capture_on_commit_callbacks):
    _conclude(world, django_capture_on_commit_callbacks)
    url = reverse("quality:survey", args=[_links()["survey_family"]])
    page = client.post(url, {"satisfaction": "9"})
    body = page.content.decode()
    assert page.status_code == 400
    assert "govuk-error-summary" in body
    assert "Select how satisfied you are with the mediation service" in body
    assert "Select whether you felt listened to" in body
    assert not SurveyResponse.objects.exists()


def test_the_summary_counts_answers_by_la_and_the_share_satisfied(
    world, client, django_capture_on_commit_callbacks
):
    _conclude(world, django_capture_on_commit_callbacks)
    links = _links()
    client.post(reverse("quality:survey", args=[links["survey_family"]]), ANSWERS)
    client.post(
        reverse("quality:survey", args=[links["survey_local_authority"]]),
        {**ANSWERS, "satisfaction": "2", "listened_to": "no"},
    )
    rows = survey.survey_summary(
        provider_ids={world.provider.pk},
        date_from=dt.date(2024, 4, 1),
        date_to=dt.date(2024, 12, 10),
    )
    barnet, total = rows
    assert barnet == {
        "local_authority": "Barnet",
        "sent": 2,
        "answered": 2,
        "satisfied": 1,
        "listened": 1,
        "recommend": 0,
        "satisfied_pct": 50.0,
    }
    assert total["local_authority"] == "All"
    # Another provider sees none of them.
    assert (
        survey.survey_summary(
            provider_ids={world.other_provider.pk},
            date_from=dt.date(2024, 4, 1),
            date_to=dt.date(2024, 12, 10),
        )
        == []
    )
