"""The request's questions about taking part (issue 22), after the main questions: an
interpreter, access needs, the best times, how the child or young person takes part, and a
supporter. Only the interpreter question needs an answer ("No" is one click); the others can be
left blank and continued past.

The same forms serve the family's status page, where they change their answers later
(``public.family.participation_views``). What is allowed is the service's to decide
(``participation.services.needs_clean``); these only parse and say what to correct.
"""

from django import forms

from sendresolve.participation.vocabulary import NONE, Access, ChildWay, Times
from sendresolve.public.family.forms import StepForm

SPOKEN = "spoken"
BSL = "bsl"
INTERPRETER_CHOICES = [
    (SPOKEN, "An interpreter for a spoken language"),
    (BSL, "A British Sign Language (BSL) interpreter"),
    (NONE, "No, I do not need an interpreter"),
]


def _exclusive(values: list[str], none: str, message: str) -> list[str]:
    if none in values and len(values) > 1:
        raise forms.ValidationError(message)
    return values


class InterpreterForm(StepForm):
    interpreter = forms.MultipleChoiceField(
        choices=INTERPRETER_CHOICES,
        error_messages={
            "required": "Select if you need an interpreter",
            "invalid_choice": "Select if you need an interpreter",
        },
    )
    interpreter_language = forms.CharField(
        max_length=80,
        required=False,
        error_messages={"max_length": "The language must be 80 characters or fewer"},
    )

    def clean_interpreter(self):
        return _exclusive(
            self.cleaned_data["interpreter"],
            NONE,
            "Select the interpreter you need, or that you do not need one, not both",
        )

    def clean(self):
        data = super().clean()
        wanted = data.get("interpreter") or []
        if SPOKEN in wanted and not (data.get("interpreter_language") or "").strip():
            self.add_error("interpreter_language", "Enter the language you need an interpreter for")
        return data

    def to_answers(self) -> dict:
        wanted = self.cleaned_data["interpreter"]
        language = self.cleaned_data["interpreter_language"].strip()
        return {
            "interpreter": list(wanted),
            "interpreter_language": language if SPOKEN in wanted else "",
            "bsl": BSL in wanted,
        }


class AccessForm(StepForm):
    access = forms.MultipleChoiceField(
        choices=[*Access.choices, (NONE, "None of these")],
        required=False,
        error_messages={"invalid_choice": "Select what you need from the list"},
    )
    access_other = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us in 500 characters or fewer"},
    )

    def clean_access(self):
        return _exclusive(
            self.cleaned_data["access"],
            NONE,
            "Select what you need, or select none of these, not both",
        )

    def to_answers(self) -> dict:
        return {
            "access": [v for v in self.cleaned_data["access"] if v != NONE],
            "access_other": self.cleaned_data["access_other"].strip(),
        }

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = super().initial_from(answers)
        if "access" in answers and not answers["access"] and "access_other" in answers:
            initial["access"] = [NONE]
        return initial


class TimesForm(StepForm):
    times = forms.MultipleChoiceField(
        choices=Times.choices,
        required=False,
        error_messages={"invalid_choice": "Select the times from the list"},
    )
    times_note = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us in 300 characters or fewer"},
    )

    def to_answers(self) -> dict:
        return {
            "times": list(self.cleaned_data["times"]),
            "times_note": self.cleaned_data["times_note"].strip(),
        }


class ChildWaysForm(StepForm):
    child_ways = forms.MultipleChoiceField(
        choices=ChildWay.choices,
        required=False,
        error_messages={"invalid_choice": "Select how they will take part from the list"},
    )
    child_note = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Tell us in 300 characters or fewer"},
    )

    def clean_child_ways(self):
        return _exclusive(
            self.cleaned_data["child_ways"],
            ChildWay.NOT_TAKING_PART,
            "Select how they will take part, or that they will not take part, not both",
        )

    def to_answers(self) -> dict:
        return {
            "child_ways": list(self.cleaned_data["child_ways"]),
            "child_note": self.cleaned_data["child_note"].strip(),
        }


class SupporterForm(StepForm):
    supporter_name = forms.CharField(
        max_length=150,
        required=False,
        error_messages={"max_length": "The name must be 150 characters or fewer"},
    )
    supporter_relationship = forms.CharField(
        max_length=100,
        required=False,
        error_messages={"max_length": "Tell us in 100 characters or fewer"},
    )
    supporter_contact = forms.CharField(
        max_length=254,
        required=False,
        error_messages={"max_length": "The email address or phone number is too long"},
    )
    supporter_attends = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        required=False,
    )

    def clean(self):
        data = super().clean()
        name = (data.get("supporter_name") or "").strip()
        others = [data.get(n) for n in ("supporter_relationship", "supporter_contact")]
        if not name and any((v or "").strip() for v in others):
            self.add_error("supporter_name", "Enter your supporter's name")
        elif name and not data.get("supporter_attends"):
            self.add_error("supporter_attends", "Select yes if they will come to the meeting")
        contact = (data.get("supporter_contact") or "").strip()
        if contact and "@" in contact and "supporter_contact" not in self.errors:
            try:
                forms.EmailField().clean(contact)
            except forms.ValidationError:
                self.add_error(
                    "supporter_contact",
                    "Enter their email address in the correct format, like name@example.com",
                )
        return data

    def to_answers(self) -> dict:
        data = self.cleaned_data
        named = bool(data["supporter_name"].strip())
        return {
            "supporter_name": data["supporter_name"].strip(),
            "supporter_relationship": data["supporter_relationship"].strip() if named else "",
            "supporter_contact": data["supporter_contact"].strip() if named else "",
            "supporter_attends": "yes" if named and data["supporter_attends"] == "yes" else "no",
        }

    @classmethod
    def initial_from(cls, answers: dict) -> dict:
        initial = super().initial_from(answers)
        if not answers.get("supporter_name"):
            initial.pop("supporter_attends", None)
        return initial
