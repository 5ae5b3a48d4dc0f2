"""The "Ask for this in another format" form: the shared questions, and the council when the
visit has not told us which it is."""

from typing import cast

from django import forms

from sendresolve.public.family.forms import FormatForm
from sendresolve.tenancy.models import LocalAuthority


class FormatRequestForm(FormatForm):
    """``ask_council``: the page was not a case's or the route finder's, so ask "Which council?"
    (its provider is the one that answers)."""

    local_authority = forms.ChoiceField(
        choices=(), required=False, error_messages={"required": "Select the council"}
    )

    def __init__(self, *args, ask_council: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_council = ask_council
        field = cast(forms.ChoiceField, self.fields["local_authority"])
        if ask_council:
            field.required = True
            field.choices = [("", "Select a council")] + [
                (la.dfe_code, la.name)
                for la in LocalAuthority.objects.order_by("name").only("dfe_code", "name")
            ]
            field.error_messages["invalid_choice"] = "Select the council"
            self.order_fields(["local_authority"])
        else:
            del self.fields["local_authority"]

    def council(self) -> LocalAuthority | None:
        """The council chosen, if the form asked."""
        code = self.cleaned_data.get("local_authority") if self.ask_council else None
        return LocalAuthority.objects.filter(dfe_code=code).first() if code else None
