"""The questions of the online request, in order, and how to move between them.

Answers live in the Django session as plain JSON under ``SESSION_KEY``. A question is
"answered" when its form, filled with the stored answers, is valid: so changing an earlier
answer (say, from disagreement resolution to mediation) sends the family back to any later
question whose answer no longer fits.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict

from sendresolve.cases.services import OnlineRequest
from sendresolve.cases.vocabulary import Requester
from sendresolve.public.family import forms, participation_forms

SESSION_KEY = "family_request"
SUBMIT_KEY = "family_request_submit"
DONE_KEY = "family_request_done"


def _mediation(answers: dict) -> bool:
    return answers.get("request") in (OnlineRequest.MEDIATION_ADVICE, OnlineRequest.MEDIATION)


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.StepForm]
    template: str
    title: str  # the question, for the page title and the check-answers list
    applies: Callable[[dict], bool] | None = None  # None means always

    def applies_to(self, answers: dict) -> bool:
        return self.applies is None or self.applies(answers)


STEPS = [
    Step("what", forms.RequestForm, "what.html", "What do you want to ask for?"),
    Step("council", forms.CouncilForm, "council.html", "Which council is responsible?"),
    Step("who", forms.WhoForm, "who.html", "Who is asking?"),
    Step("child", forms.ChildForm, "child.html", "About the child or young person"),
    Step(
        "your-name",
        forms.YourNameForm,
        "your_name.html",
        "What is your name?",
        applies=lambda a: a.get("requester") != Requester.YOUNG_PERSON,
    ),
    Step("contact", forms.ContactForm, "contact.html", "How can we contact you?"),
    Step("about", forms.AboutForm, "about.html", "What is the disagreement about?"),
    Step(
        "decision-date",
        forms.DecisionDateForm,
        "decision_date.html",
        "What date is on the decision letter?",
        applies=_mediation,
    ),
    Step(
        "health",
        forms.HealthForm,
        "health.html",
        "Is the disagreement also about health care?",
        applies=_mediation,
    ),
    # -- Taking part (issue 22): after the main questions; all but the interpreter optional.
    Step(
        "interpreter",
        participation_forms.InterpreterForm,
        "interpreter.html",
        "Do you need an interpreter at meetings?",
    ),
    Step(
        "access",
        participation_forms.AccessForm,
        "access.html",
        "Do you need anything to help you take part in meetings?",
    ),
    Step("times", participation_forms.TimesForm, "times.html", "When are the best times to meet?"),
    Step(
        "child-views",
        participation_forms.ChildWaysForm,
        "child_views.html",
        "How will the child or young person take part?",
    ),
    Step(
        "supporter",
        participation_forms.SupporterForm,
        "supporter.html",
        "Would you like someone to support you?",
    ),
]
BY_SLUG = {step.slug: step for step in STEPS}


def answers_data(step: Step, answers: dict) -> QueryDict:
    """The stored answers for ``step`` in the shape its form posts them."""
    data = QueryDict(mutable=True)
    for name, field in step.form.base_fields.items():
        value = answers.get(name)
        if value is None:
            continue
        if isinstance(field, forms.GovDateField):
            if value:
                year, month, day = value.split("-")
                data.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
        elif isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return data


def is_answered(step: Step, answers: dict) -> bool:
    if not any(name in answers for name in step.form.base_fields):
        return False
    return step.form(answers_data(step, answers), answers=answers).is_valid()


def applicable(answers: dict) -> list[Step]:
    return [step for step in STEPS if step.applies_to(answers)]


def first_unanswered(answers: dict) -> Step | None:
    for step in applicable(answers):
        if not is_answered(step, answers):
            return step
    return None


def next_step(step: Step, answers: dict) -> Step | None:
    steps = applicable(answers)
    later = steps[steps.index(step) + 1 :] if step in steps else steps
    return later[0] if later else None


def next_unanswered(step: Step, answers: dict) -> Step | None:
    """The first question after ``step`` still to answer: answers already given, here or
    carried over from the route finder, are not asked again."""
    steps = applicable(answers)
    later = steps[steps.index(step) + 1 :] if step in steps else steps
    return next((s for s in later if not is_answered(s, answers)), None)


def previous_step(step: Step, answers: dict) -> Step | None:
    steps = applicable(answers)
    if step not in steps or steps.index(step) == 0:
        return None
    return steps[steps.index(step) - 1]


def requester_name(answers: dict) -> str:
    """A young person asking for themselves is both the child and the person asking."""
    if answers.get("requester") == Requester.YOUNG_PERSON:
        return answers.get("child_name", "")
    return answers.get("requester_name", "")


def step_for_field(name: str) -> Step | None:
    """The question that asks for the answer ``name`` (a service's error names its field)."""
    return next((step for step in STEPS if name in step.form.base_fields), None)
