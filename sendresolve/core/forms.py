"""The base form and the fields shared by the family and staff pages.

Every page form is a ``core.forms.Form``: what people type is cleaned of control and bidi
formatting characters (``core.text``) before any field sees it. Dates are GOV.UK date inputs
(``GovDateField``) and email addresses ``EmailField``; both say what is wrong in GOV.UK words and
never raise anything but a ``ValidationError``, whatever is typed.
"""

import datetime as dt
import re
from collections.abc import Collection

from django import forms
from django.utils.datastructures import MultiValueDict

from sendresolve.core.text import text_clean
from sendresolve.core.validators import EMAIL_INVALID, validate_plain_email

DAY_OR_MONTH = re.compile(r"[0-9]{1,2}")
YEAR = re.compile(r"[0-9]{4}")


class DateInput(forms.MultiWidget):
    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovDateField(forms.MultiValueField):
    """A GOV.UK date input: day, month and year boxes, with errors that name what is wrong."""

    widget = DateInput
    # Years anyone may type: wide enough for any date of birth or letter, narrow enough that a
    # day either side is still a date (the audit filter's "up to and including" adds one).
    min_year = 1900
    max_year = 2100

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def clean(self, value):
        if not isinstance(value, list | tuple) or len(value) != 3:
            value = ["", "", ""]
        parts = [str(p).strip() if p is not None else "" for p in value]
        label = (self.label or "date").lower()
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {label}")
            return None
        names = ("a day", "a month", "a year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"The {label} must include {' and '.join(missing)}")
        day, month, year = parts
        # Only ASCII digits: int() would also take "1_0", "+1", " 1" and other scripts' digits,
        # and a year of 20 digits overflows the date type (OverflowError, not ValueError).
        if not (DAY_OR_MONTH.fullmatch(day) and DAY_OR_MONTH.fullmatch(month)):
            raise forms.ValidationError(f"The {label} must be a real date")
        if not YEAR.fullmatch(year):
            if year.isascii() and year.isdigit():
                raise forms.ValidationError(f"The {label} must include a year with 4 numbers")
            raise forms.ValidationError(f"The {label} must be a real date")
        if not self.min_year <= int(year) <= self.max_year:
            raise forms.ValidationError(
                f"The {label} must be between {self.min_year} and {self.max_year}"
            )
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"The {label} must be a real date") from None

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list


class EmailField(forms.EmailField):
    """An email address people use (``validators.validate_plain_email``): no quoted local part,
    space or control character, so it can go into a calendar invitation or a message header."""

    default_validators = [validate_plain_email]
    default_error_messages = {"invalid": EMAIL_INVALID}


def _multiline(form: forms.Form) -> set[str]:
    return {
        form.add_prefix(name)
        for name, field in form.fields.items()
        if isinstance(field.widget, forms.Textarea)
    }


class Form(forms.Form):
    """The base of every page form: what was typed is cleaned (``core.text.text_clean``) before
    any field or ``clean_*`` method sees it, and before the page shows it back.

    Text areas keep their line breaks and tabs; every other input is one line. Cleaning happens
    at validation (``full_clean``), after a subclass's ``__init__`` has added its fields.
    """

    def full_clean(self):
        if self.is_bound and not getattr(self, "_text_cleaned", False):
            self.data = data_clean(self.data, multiline=_multiline(self))
            self._text_cleaned = True
        super().full_clean()


def data_clean(data, *, multiline: Collection[str] = ()):
    """A copy of submitted form ``data`` (a ``QueryDict``, ``MultiValueDict`` or dict) with
    every text value cleaned; the keys in ``multiline`` keep their line breaks."""

    def clean(key, value):
        return text_clean(value, multiline=key in multiline) if isinstance(value, str) else value

    if isinstance(data, MultiValueDict):
        cleaned = data.copy()  # a QueryDict's copy is mutable
        for key, values in data.lists():
            cleaned.setlist(key, [clean(key, value) for value in values])
        if hasattr(cleaned, "_mutable"):
            cleaned._mutable = False
        return cleaned
    return {
        key: [clean(key, v) for v in value] if isinstance(value, list) else clean(key, value)
        for key, value in data.items()
    }
