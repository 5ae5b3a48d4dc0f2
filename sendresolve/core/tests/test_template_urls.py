"""``url()`` in templates keeps each answer per process: it must still answer exactly what
``reverse`` would for the arguments, the script prefix and the URLconf of the moment."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from config.jinja2 import url

urlpatterns: list = []  # a URLconf with no pages (this module, in a test below)


def test_it_answers_what_reverse_answers_for_each_argument():
    assert url("staff:case", "SR-AAAA-BBBB") == reverse("staff:case", args=["SR-AAAA-BBBB"])
    assert url("staff:case", "SR-CCCC-DDDD") == "/staff/cases/SR-CCCC-DDDD/"
    assert url("staff:home") == "/staff/"
    with pytest.raises(NoReverseMatch):
        url("staff:case")  # a missing argument is not kept as an answer either
    with pytest.raises(NoReverseMatch):
        url("staff:case")


def test_a_script_prefix_or_another_urlconf_is_not_served_a_kept_answer():
    assert url("staff:home") == "/staff/"
    set_script_prefix("/sendresolve/")
    try:
        assert url("staff:home") == "/sendresolve/staff/"
    finally:
        set_script_prefix("/")
    assert url("staff:home") == "/staff/"
    with override_settings(ROOT_URLCONF=__name__):
        with pytest.raises(NoReverseMatch):
            url("staff:home")
    assert url("staff:home") == "/staff/"


class Unhashable:
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


def test_an_argument_that_cannot_be_a_key_is_reversed_afresh():
    for reference in ("SR-AAAA-BBBB", "SR-GGGG-HHHH"):
        assert url("staff:case", Unhashable(reference)) == f"/staff/cases/{reference}/"
    assert url("staff:case", reference="SR-EEEE-FFFF") == "/staff/cases/SR-EEEE-FFFF/"
