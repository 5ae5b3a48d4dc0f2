"""Helpers shared by the Jinja2 templates of every interface app."""

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import cast

from django import forms
from django.http import QueryDict
from markupsafe import Markup

from sendresolve.core.clock import LONDON
from sendresolve.core.text import text_clean
from sendresolve.law import dates


def error_message(form: forms.Form, name: str) -> dict[str, str] | None:
    """Return the ``errorMessage`` parameter for a GOV.UK component, or None if valid."""
    errors = form.errors.get(name)
    return {"text": str(errors[0])} if errors else None


def date_value(form: forms.Form, name: str) -> list[str]:
    """The day, month and year a date field shows: what was typed, or its initial value."""
    if form.is_bound:
        return [form.data.get(f"{name}_{i}", "") for i in range(3)]
    initial = form.initial.get(name) or form.fields[name].initial
    if isinstance(initial, dt.date):
        return [str(initial.day), str(initial.month), str(initial.year)]
    return ["", "", ""]


def long_date(value: dt.date | dt.datetime | None, *, weekday: bool = True) -> str:
    """Format a date the GOV.UK way: ``Monday 15 April 2024`` (``15 April 2024`` without the
    weekday). A datetime is shown as its day in England; None as nothing."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return dates.long_date(value, weekday=weekday)


def london_time(value: dt.datetime) -> str:
    """Format the time of an aware datetime in England, e.g. ``10:30am``."""
    local = value.astimezone(LONDON)
    return f"{local:%-I:%M%p}".lower()


def short_date(value: dt.date | None) -> str:
    """Format a date compactly for tables: ``15 Apr 2024``."""
    if value is None:
        return ""
    return f"{value.day} {value:%b %Y}"


def choice_items(form: forms.Form, name: str, *, multiple: bool = False) -> list[dict]:
    """The ``items`` of a GOV.UK radios, checkboxes or select for a choice field, keeping what
    was chosen (or the initial value)."""
    # Only choice fields have choices; a bound form's data is the request's QueryDict.
    field = cast(forms.ChoiceField, form.fields[name])
    if form.is_bound:
        chosen = cast(QueryDict, form.data).getlist(name) if multiple else [form.data.get(name, "")]
    else:
        initial = form.initial.get(name, field.initial)
        chosen = list(initial or []) if multiple else [initial]
    chosen_values = {str(value) for value in chosen if value is not None}
    # django-stubs types the getter as the setter's wide union; Django normalises it to pairs.
    choices = cast(Iterable[tuple[object, str]], field.choices)
    return [
        {
            "value": value,
            "text": label,
            "checked": str(value) in chosen_values,
            "selected": str(value) in chosen_values,
        }
        for value, label in choices
    ]


def error_summary_items(form: forms.Form) -> list[dict[str, str]]:
    """The ``errorList`` of a GOV.UK error summary: each message linked to its field's first
    input (the day box of a date, the first radio of a group)."""
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        if name in form.fields:
            bound = form[name]
            target = bound.auto_id or f"id_{name}"
            if isinstance(bound.field.widget, forms.MultiWidget):
                target += "_0"
        else:
            target = "main-content"
        items.extend({"text": str(error), "href": f"#{target}"} for error in errors)
    return items


def submission_key() -> Markup:
    """A hidden field with a new random key for one form: submitting the same form twice
    (a double click, a resent page) performs its action once (``cases.recorder``)."""
    return Markup('<input type="hidden" name="submission_key" value="{}">').format(
        secrets.token_hex(16)
    )


def text_shown(value: object) -> object:
    """Jinja's ``finalize`` for every page and document: text is printed without control or
    bidi formatting characters (``core.text``), whenever it was stored. Forms clean what is typed
    on the way in; this covers text stored before they did, and anything from elsewhere. Line
    breaks and tabs stay. Markup stays markup: removing characters adds no tag."""
    if isinstance(value, str):
        cleaned = text_clean(value, multiline=True)
        if cleaned != value:
            return Markup(cleaned) if isinstance(value, Markup) else cleaned  # noqa: S704
    return value
