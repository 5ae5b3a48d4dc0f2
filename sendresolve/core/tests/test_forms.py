"""The base page form and the shared fields: whatever is typed, a ValidationError or a clean
value, never another exception."""

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

import sendresolve
from sendresolve.core.forms import EmailField, Form, GovDateField, data_clean


def date_error(parts, **kwargs) -> str:
    field = GovDateField(label="Date of birth", **kwargs)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(parts)
    return raised.value.messages[0]


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("9" * 20, "The date of birth must include a year with 4 numbers"),
        ("9" * 5000, "The date of birth must include a year with 4 numbers"),
        ("99999", "The date of birth must include a year with 4 numbers"),
        ("24", "The date of birth must include a year with 4 numbers"),
        ("9999", "The date of birth must be between 1900 and 2100"),
        ("2101", "The date of birth must be between 1900 and 2100"),
        ("1899", "The date of birth must be between 1900 and 2100"),
        ("0000", "The date of birth must be between 1900 and 2100"),
        ("-2024", "The date of birth must be a real date"),
        ("2_024", "The date of birth must be a real date"),
        ("\uff12\uff10\uff12\uff14", "The date of birth must be a real date"),  # full-width
        ("20.4", "The date of birth must be a real date"),
    ],
)
def test_years_outside_1900_to_2100_are_explained(year, message):
    assert date_error(["1", "1", year]) == message


@pytest.mark.parametrize(
    ("day", "month"),
    [("9" * 20, "1"), ("1", "9" * 20), ("+1", "1"), ("1", "1e3"), ("31", "2"), ("0", "1")],
)
def test_impossible_days_and_months_are_not_real_dates(day, month):
    assert date_error([day, month, "2024"]) == "The date of birth must be a real date"


@pytest.mark.parametrize("value", [None, "2024-01-01", ["1", "2"], {"a": 1}, 7])
def test_a_value_not_from_the_three_boxes_is_missing(value):
    assert date_error(value) == "Enter the date of birth"


def test_the_first_and_last_days_allowed_are_dates():
    field = GovDateField(label="Date")
    assert field.clean(["1", "1", "1900"]) == dt.date(1900, 1, 1)
    assert field.clean([" 31 ", "12", "2100"]) == dt.date(2100, 12, 31)
    assert field.clean(["05", "03", "2024"]) == dt.date(2024, 3, 5)


class NoteForm(Form):
    name = forms.CharField(max_length=20)
    note = forms.CharField(widget=forms.Textarea, required=False)
    born = GovDateField(label="Date of birth", required=False)
    email = EmailField(required=False)


def test_the_base_form_cleans_what_was_typed_before_fields_see_it():
    form = NoteForm(
        {
            "name": "Ann\u202ea\u2066 Smith\x00",
            "note": "One\u2067\r\nTwo\tthree\x1b",
            "born_0": "1\u200f",
            "born_1": "2",
            "born_2": "2010",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Anna Smith"
    assert form.cleaned_data["note"] == "One\r\nTwo\tthree"
    assert form.cleaned_data["born"] == dt.date(2010, 2, 1)
    # What the page shows back is the cleaned text too.
    assert form.data["name"] == "Anna Smith"


def test_a_name_of_only_invisible_characters_is_required():
    form = NoteForm({"name": "\u202e\u2066\x00"})
    assert form.errors["name"] == ["This field is required."]


def test_a_single_line_field_gets_no_line_breaks():
    form = NoteForm({"name": "Ann\r\nSmith"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Ann  Smith"


def test_a_query_dict_stays_a_query_dict_with_every_value():
    data = QueryDict("name=A%E2%80%AEb&tag=x%00&tag=y")
    cleaned = data_clean(data)
    assert isinstance(cleaned, QueryDict) and not cleaned._mutable
    assert cleaned["name"] == "Ab" and cleaned.getlist("tag") == ["x", "y"]
    assert data["name"] == "A\u202eb"  # the request's own data is left as it came
    multi = data_clean(MultiValueDict({"n": ["\x07a"]}))
    assert multi.getlist("n") == ["a"]
    assert data_clean({"n": "\x07a", "l": ["\x07b"], "i": 3}) == {"n": "a", "l": ["b"], "i": 3}


@pytest.mark.parametrize(
    "email",
    [
        '"pat example"@example.test',
        '"pat"@example.test',
        "pat\\@example.test",
        "pat\n@example.test",
        "pat\u00a0x@example.test",
    ],
)
def test_email_addresses_no_calendar_or_header_can_hold_are_refused(email):
    form = NoteForm({"name": "Ann", "email": email})
    assert not form.is_valid()
    assert form.errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]


@pytest.mark.parametrize(
    "email", ["pat@example.test", "o'brien+sen.d@example.co.uk", "pat@bücher.example"]
)
def test_ordinary_email_addresses_are_accepted(email):
    form = NoteForm({"name": "Ann", "email": email})
    assert form.is_valid(), form.errors


def _page_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(sendresolve.__path__, "sendresolve."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("sendresolve.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


# Passwords are checked as typed; the sign-in form changes nothing it is given.
NOT_CLEANED = {"SignInForm"}


def test_every_page_form_cleans_text_and_uses_the_shared_date_and_email_fields():
    page_forms = [cls for cls in _page_forms() if cls.__name__ not in NOT_CLEANED]
    assert len(page_forms) > 30
    for cls in page_forms:
        assert issubclass(cls, Form), f"{cls.__module__}.{cls.__name__} is not a core Form"
        for name, field in cls.base_fields.items():
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            assert not isinstance(field, forms.DateField | forms.DateTimeField), where
            if isinstance(field, forms.EmailField):
                assert isinstance(field, EmailField), where
    others = [cls for cls in _page_forms() if cls not in page_forms]
    assert all(issubclass(cls, AuthenticationForm) for cls in others)
