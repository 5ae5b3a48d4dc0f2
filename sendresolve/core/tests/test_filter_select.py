"""``filter_select`` (macros/forms.html) writes the same HTML as GOV.UK Frontend's govukSelect,
so the work queue's filters look and behave exactly as before it replaced govukSelect there."""

import re

import pytest
from django.template import engines

OPTIONS = [("", "All"), ("302", "Barnet"), ("882", "Southend-on-Sea"), ("9<&", "A & <B>")]


def _tidy(html: str) -> str:
    """The HTML with whitespace between and inside tags made uniform."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


def _render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


@pytest.mark.parametrize("selected", ["", "882", "9<&", "not an option"])
def test_filter_select_writes_what_govuk_select_writes(selected):
    ours = _render(
        '{% from "macros/forms.html" import filter_select %}'
        '{{ filter_select("local_authority", "Local authority", options, selected) }}',
        options=OPTIONS,
        selected=selected,
    )
    theirs = _render(
        '{% from "govuk_frontend_jinja/components/select/macro.html" import govukSelect %}'
        "{{ govukSelect({'id': 'local_authority', 'name': 'local_authority',"
        " 'label': {'text': 'Local authority'}, 'classes': 'govuk-!-width-full',"
        " 'items': items}) }}",
        items=[{"value": v, "text": t, "selected": v == selected} for v, t in OPTIONS],
    )
    assert _tidy(ours) == _tidy(theirs)
    assert ("selected" in ours) == (selected in dict(OPTIONS))
    assert "A &amp; &lt;B&gt;" in ours  # escaped, as govukSelect escapes
