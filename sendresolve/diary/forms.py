"""The diary's page forms: parse only; the rules are the services'."""

import datetime as dt

from django import forms

from sendresolve.cases.models import Venue
from sendresolve.core.forms import Form, GovDateField
from sendresolve.diary.models import AccreditationBody, AvailabilityException
from sendresolve.tenancy.models import LocalAuthority

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


MAX_ID = 2**63 - 1  # a bigger id overflows the database driver: no row has it


class LocalAuthoritiesField(forms.ModelMultipleChoiceField):
    """Councils by id; an id no database column can hold is refused, not looked up."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID:
                message = self.error_messages["invalid_choice"]
                raise forms.ValidationError(message, code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


class ProfileForm(Form):
    accreditation_body = forms.ChoiceField(
        choices=AccreditationBody.choices,
        error_messages={"required": "Choose the accrediting body"},
    )
    registration_number = forms.CharField(max_length=40, required=False)
    accredited_until = GovDateField(label="Accredited until", required=False)
    dbs_checked_on = GovDateField(label="DBS checked on", required=False)
    local_authorities = LocalAuthoritiesField(
        queryset=LocalAuthority.objects.none(), required=False
    )
    languages = forms.CharField(max_length=600, required=False)

    def __init__(self, *args, provider=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authorities"].queryset = (
            LocalAuthority.objects.filter(commissions__provider=provider)
            .distinct()
            .order_by("name")
        )

    def clean_languages(self):
        return [part.strip() for part in self.cleaned_data["languages"].split(",") if part.strip()]


class ConflictForm(Form):
    local_authority = forms.ModelChoiceField(queryset=LocalAuthority.objects.none(), required=False)
    name = forms.CharField(max_length=150, required=False)
    reason = forms.CharField(
        max_length=300, error_messages={"required": "Enter the reason for the conflict"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = LocalAuthority.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("local_authority") and not data.get("name"):
            self.add_error("name", "Choose a council or enter a name")
        return data


TIME_ERRORS = {"invalid": "Enter a time like 09:30"}


class HoursForm(Form):
    """Start and end for each weekday; both empty for a day not worked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n, name in enumerate(WEEKDAY_NAMES):
            for part in ("starts", "ends"):
                self.fields[f"{part}_{n}"] = forms.TimeField(
                    required=False, label=f"{name} {part}", error_messages=TIME_ERRORS
                )

    def clean(self):
        data = super().clean()
        hours = []
        for n, name in enumerate(WEEKDAY_NAMES):
            starts, ends = data.get(f"starts_{n}"), data.get(f"ends_{n}")
            if f"starts_{n}" in self.errors or f"ends_{n}" in self.errors:
                continue
            if (starts is None) != (ends is None):
                self.add_error(f"starts_{n}", f"Enter both times for {name}, or neither")
            elif starts is not None and ends is not None:
                if ends <= starts:
                    self.add_error(f"ends_{n}", f"{name}'s hours must end after they start")
                else:
                    hours.append((n, starts, ends))
        data["hours"] = hours
        return data


class ExceptionForm(Form):
    on = GovDateField(label="Date")
    kind = forms.ChoiceField(
        choices=AvailabilityException.Kind.choices,
        error_messages={"required": "Choose whether you are away or working extra hours"},
    )
    starts = forms.TimeField(required=False, error_messages=TIME_ERRORS)
    ends = forms.TimeField(required=False, error_messages=TIME_ERRORS)


class SlotSearchForm(Form):
    """What the coordinator asks for: how long, how held, notice, interpreter."""

    hours = forms.TypedChoiceField(
        choices=[("1", "1 hour"), ("2", "2 hours"), ("3", "3 hours")],
        coerce=int,
        initial="2",
        required=False,
    )
    mode = forms.ChoiceField(choices=Venue.Mode.choices, required=False)
    shorter_notice_agreed = forms.BooleanField(required=False)
    interpreter_booked = forms.BooleanField(required=False)

    def search(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "duration": dt.timedelta(hours=data.get("hours") or 2),
            "mode": data.get("mode") or Venue.Mode.IN_PERSON,
            "shorter_notice_agreed": bool(data.get("shorter_notice_agreed")),
            "interpreter_booked": bool(data.get("interpreter_booked")),
        }


class BookForm(SlotSearchForm):
    """The proposal picked: its mediator, venue and start (re-checked by the service)."""

    mediator = forms.IntegerField(min_value=1)
    venue = forms.IntegerField(min_value=1, required=False)
    # The proposal's own start, sent back from the button that picked it (not typed by anyone,
    # so not a date field): ISO 8601 with its offset.
    starts_at = forms.CharField(max_length=40)

    def clean_starts_at(self) -> dt.datetime:
        try:
            starts_at = dt.datetime.strptime(self.cleaned_data["starts_at"], "%Y-%m-%dT%H:%M:%S%z")
        except ValueError:
            raise forms.ValidationError("Choose one of the free slots.") from None
        return starts_at
