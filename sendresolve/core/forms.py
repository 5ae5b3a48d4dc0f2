"""Form fields shared by the family and staff pages."""

import datetime as dt

from django import forms


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

    def __init__(self, **kwargs):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def clean(self, value):
        parts = [str(p).strip() if p is not None else "" for p in (value or ["", "", ""])]
        label = (self.label or "date").lower()
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter the {label}")
            return None
        names = ("a day", "a month", "a year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"The {label} must include {' and '.join(missing)}")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1900:
                raise ValueError
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(f"The {label} must be a real date") from None

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return data_list
