"""One wording for each choice: the route finder, the request and (through REQUEST_LABELS)
the status page read the same words, and every stored value has them."""

from sendresolve.cases.services import OnlineRequest
from sendresolve.cases.vocabulary import IssueSubject, Requester
from sendresolve.public import wording
from sendresolve.public.family import forms
from sendresolve.public.finder import steps


def test_who_is_asking_is_worded_the_same_in_the_finder_and_the_request():
    assert dict(steps.WHO_CHOICES) == dict(forms.REQUESTER_CHOICES) == wording.WHO_LABELS
    family_requesters = set(Requester.values) - {Requester.LOCAL_AUTHORITY}
    assert set(wording.WHO_LABELS) == family_requesters


def test_each_request_has_one_label_and_the_old_import_still_works():
    assert set(wording.REQUEST_LABELS) == set(OnlineRequest.values)
    assert set(wording.REQUEST_HINTS) == set(wording.REQUEST_START) == set(OnlineRequest.values)
    assert {value: label for value, label, _ in forms.REQUEST_CHOICES} == wording.REQUEST_LABELS
    assert wording.REQUEST_LABELS["mediation_advice"] == "Mediation advice"


def test_every_subject_is_a_stored_subject_with_one_label_everywhere():
    assert set(wording.SUBJECT_LABELS) <= set(IssueSubject.values)
    finder = {key for key, _ in steps.ABOUT_OPTIONS}
    request = {key for key, _ in forms.APPEAL_SUBJECTS + forms.OTHER_SUBJECTS}
    assert finder | request <= set(wording.SUBJECT_LABELS)
    every_answer = {"plan": "yes", "with": ["school", "health", "social_care"]}
    no_plan = {**every_answer, "plan": "no"}
    shown = dict(steps.about_choices(every_answer)) | dict(steps.about_choices(no_plan))
    assert set(shown) == finder
    for key, label in forms.APPEAL_SUBJECTS + forms.OTHER_SUBJECTS:
        assert label == wording.SUBJECT_LABELS[key]
        if key in shown:
            assert shown[key] == label, key
