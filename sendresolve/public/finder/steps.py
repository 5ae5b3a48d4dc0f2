"""The route finder's questions, in order, and the situation built from the answers.

Each question is a :class:`Step`: what it asks, its choices (which may depend on earlier
answers) and when it applies. Answers are plain JSON values keyed by ``Step.key`` (kept in the
family's browser, ``answers``). :func:`build_situation` turns them into the contract's
*situation* (product.md §4) for the law core; nothing here decides which routes are open.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sendresolve.law.ages import SEND_AGES
from sendresolve.law.appeals import APPEALABLE_SUBJECTS
from sendresolve.law.dates import long_date
from sendresolve.public.wording import (
    NO_LETTER_LABEL,
    NO_LETTER_SUMMARY,
    SUBJECT_HINTS,
    SUBJECT_LABELS,
    WHO_HINTS,
    WHO_LABELS,
    choices,
)

Answers = dict
Choices = list[tuple[str, str]]

DATE_HINT = "For example, 27 3 2025"
UNKNOWN_DATE = "unknown"  # the answer to a date question the family cannot answer

WHO_CHOICES: Choices = choices(WHO_LABELS, ("parent", "young_person", "representative"))
YES_NO: Choices = [("yes", "Yes"), ("no", "No")]
WITH_CHOICES: Choices = [
    ("local_authority", "The council (local authority)"),
    ("school", "A school"),
    ("early_years", "A nursery, pre-school or childminder"),
    ("post16", "A college or sixth form college (for ages 16 to 25)"),
    ("health", "The NHS or another health service"),
    ("social_care", "Social care (social workers or care services)"),
]
SCHOOL_TYPES: Choices = [
    ("maintained", "A council school (community, foundation or voluntary school)"),
    ("academy", "An academy or free school"),
    ("independent", "An independent (private) school"),
    ("non_maintained_special", "A non-maintained special school"),
    ("not_sure", "I'm not sure"),
]
EARLY_YEARS_SETTINGS: Choices = [
    ("maintained_nursery_school", "A council nursery school (a maintained nursery school)"),
    ("other", "A private, voluntary or independent nursery, pre-school or childminder"),
    ("not_sure", "I'm not sure"),
]
PHASE_TRANSFER_CHOICES: Choices = [
    ("school", "Yes, to a new school (for example from primary to secondary)"),
    ("post16", "Yes, from secondary school to a college or sixth form"),
    ("no", "No"),
]
#: Subjects whose routes (complaint, ombudsman, judicial review) run from a decision or problem.
GROUNDS_SUBJECTS = frozenset({"delay", "order_or_agreement_not_followed", "personal_budget"})
#: Subjects where a move between phases (reg 18) changes what the council must do by when.
TRANSFER_SUBJECTS = frozenset({"draft_plan", "refusal_to_amend"})
#: Subjects after an annual review (regs 20-22): the review meeting starts the council's clocks.
REVIEW_SUBJECTS = frozenset({"draft_plan", "refusal_to_amend"})
# (value, label, shown when) — shown when is a function of the answers so far.
# (value, shown when) — shown when is a function of the answers so far; the words are
# ``wording.SUBJECT_LABELS``, shared with the request.
ABOUT_OPTIONS: list[tuple[str, Callable[[Answers], bool]]] = [
    ("refusal_to_assess", lambda a: _no_plan(a)),
    ("refusal_to_issue_plan", lambda a: _no_plan(a)),
    ("support_without_plan", lambda a: _no_plan(a)),
    ("plan_needs", lambda a: _plan(a)),
    ("plan_provision", lambda a: _plan(a)),
    ("plan_placement", lambda a: _plan(a)),
    ("plan_health_or_social_care", lambda a: _plan(a)),
    ("draft_plan", lambda a: _plan(a)),
    ("refusal_to_amend", lambda a: _plan(a)),
    ("refusal_to_reassess", lambda a: _plan(a)),
    ("cease_to_maintain", lambda a: _plan(a)),
    ("provision_not_delivered", lambda a: _plan(a)),
    ("health_services", lambda a: "health" in a.get("with", [])),
    ("social_care_services", lambda a: "social_care" in a.get("with", [])),
    ("assessment_or_planning_process", lambda a: True),
    ("delay", lambda a: True),
    ("personal_budget", lambda a: _plan(a)),
    ("exclusion", lambda a: "school" in a.get("with", [])),
    ("disability_discrimination", lambda a: True),
    ("order_or_agreement_not_followed", lambda a: True),
    ("other", lambda a: True),
]
ABOUT_HINTS = SUBJECT_HINTS
PROGRESS_CHOICES: Choices = [
    ("declined", "I told a mediation adviser that I do not want mediation"),
    ("mediation_wanted", "I asked for mediation, so the council knows I want it"),
    ("mediation_ended", "I have been to mediation and it has finished"),
    ("certificate", "I have a mediation certificate"),
    ("tribunal_decided", "The tribunal has decided my appeal"),
    ("none", "None of these"),
]


def _plan(answers: Answers) -> bool:
    return answers.get("plan") == "yes"


def _no_plan(answers: Answers) -> bool:
    return answers.get("plan") == "no"


def _appealable(answers: Answers) -> bool:
    return bool(set(answers.get("about", [])) & APPEALABLE_SUBJECTS)


def _recommendations_possible(answers: Answers) -> bool:
    """A tribunal can only recommend about health or social care alongside an education appeal."""
    about = set(answers.get("about", []))
    care = "plan_health_or_social_care" in about or bool(
        {"health", "social_care"} & set(answers.get("with", []))
    )
    return _plan(answers) and bool(about & (APPEALABLE_SUBJECTS - {"refusal_to_assess"})) and care


def about_choices(answers: Answers) -> Choices:
    """The subjects worth offering given the answers so far."""
    return [(value, SUBJECT_LABELS[value]) for value, shown in ABOUT_OPTIONS if shown(answers)]


@dataclass(frozen=True)
class Step:
    """One question page."""

    slug: str
    key: str
    kind: str  # select | radios | checkboxes | number | date
    question: str
    summary: str  # the row label on "Check your answers"
    required_message: str = ""
    hint: str = ""
    intro: str = ""
    choices: Choices | Callable[[Answers], Choices] = field(default_factory=list)
    choice_hints: dict[str, str] = field(default_factory=dict)
    date_label: str = ""  # what the error messages call the date
    unknown_label: str = ""  # a date question's "I do not know" choice, if it has one
    applies: Callable[[Answers], bool] = lambda answers: True

    def choices_for(self, answers: Answers) -> Choices:
        return self.choices(answers) if callable(self.choices) else list(self.choices)


def _date_step(
    slug, key, question, summary, date_label, applies, *, intro="", hint=DATE_HINT, unknown=""
):
    return Step(
        slug=slug,
        key=key,
        kind="date",
        question=question,
        summary=summary,
        hint=hint,
        intro=intro,
        date_label=date_label,
        unknown_label=unknown,
        applies=applies,
    )


STEPS: tuple[Step, ...] = (
    Step(
        slug="council",
        key="council",
        kind="select",
        question="Which council is responsible for the child or young person?",
        summary="Council",
        hint="This is usually the council for the area where the child or young person lives.",
        required_message="Select the council that is responsible for the child or young person",
    ),
    Step(
        slug="who",
        key="who",
        kind="radios",
        question="Who is asking for help?",
        summary="Who is asking",
        choices=WHO_CHOICES,
        choice_hints=WHO_HINTS,
        required_message="Select who is asking for help",
    ),
    Step(
        slug="age",
        key="age",
        kind="number",
        question="How old is the child or young person?",
        summary="Age",
        hint=f"In whole years, from {SEND_AGES.youngest} to {SEND_AGES.oldest}.",
        required_message="Enter the age of the child or young person",
    ),
    Step(
        slug="plan",
        key="plan",
        kind="radios",
        question="Does the child or young person have an education, health and care plan "
        "(EHC plan)?",
        summary="Has an EHC plan",
        hint="An EHC plan is a legal document from the council. It says what help a child or "
        "young person with special educational needs must get.",
        choices=YES_NO,
        required_message="Select yes if the child or young person has an EHC plan",
    ),
    Step(
        slug="who-with",
        key="with",
        kind="checkboxes",
        question="Who do you disagree with?",
        summary="Disagreement with",
        hint="Select all that apply.",
        choices=WITH_CHOICES,
        required_message="Select who you disagree with",
    ),
    Step(
        slug="school-type",
        key="school_type",
        kind="radios",
        question="What type of school is it?",
        summary="Type of school",
        hint="The school's website usually says. This changes who you can complain to.",
        choices=SCHOOL_TYPES,
        required_message="Select the type of school, or select I'm not sure",
        applies=lambda a: "school" in a.get("with", []),
    ),
    Step(
        slug="about",
        key="about",
        kind="checkboxes",
        question="What is the disagreement about?",
        summary="What it is about",
        hint="Select all that apply.",
        choices=about_choices,
        choice_hints=ABOUT_HINTS,
        required_message="Select what the disagreement is about",
    ),
    _date_step(
        "letter-date",
        "decision_letter",
        "What date is on the council's decision letter?",
        "Date on the decision letter",
        "date on the letter",
        _appealable,
        intro="This is the letter that tells you about the council's decision. Time limits "
        "are counted from this date.",
        unknown=NO_LETTER_LABEL,
    ),
    Step(
        slug="progress",
        key="progress",
        kind="checkboxes",
        question="Have you done any of these yet?",
        summary="Done so far",
        hint="Select all that apply.",
        intro="A mediation adviser explains mediation – a meeting where an independent person "
        "helps you and the council try to agree. They give you a mediation certificate, which "
        "you need before most appeals.",
        choices=PROGRESS_CHOICES,
        required_message="Select what you have done so far, or select None of these",
        applies=_appealable,
    ),
    _date_step(
        "declined-date",
        "adviser_informed_declined",
        "When did you tell the mediation adviser that you do not want mediation?",
        "Told the mediation adviser",
        "date you told the mediation adviser",
        lambda a: _appealable(a) and "declined" in a.get("progress", []),
    ),
    _date_step(
        "mediation-requested-date",
        "la_informed_mediation_wanted",
        "When was the council told that you want mediation?",
        "Council told you want mediation",
        "date the council was told",
        lambda a: _appealable(a) and "mediation_wanted" in a.get("progress", []),
    ),
    _date_step(
        "mediation-ended-date",
        "mediation_ended",
        "When did the mediation finish?",
        "Mediation finished",
        "date the mediation finished",
        lambda a: _appealable(a) and "mediation_ended" in a.get("progress", []),
    ),
    _date_step(
        "certificate-date",
        "certificate_issued",
        "What date is on the mediation certificate?",
        "Date on the mediation certificate",
        "date on the certificate",
        lambda a: _appealable(a) and "certificate" in a.get("progress", []),
    ),
    Step(
        slug="recommendation",
        key="recommendation",
        kind="radios",
        question="Has the tribunal made a recommendation about health or social care?",
        summary="Tribunal recommendation",
        intro="The tribunal (the First-tier Tribunal for special educational needs and "
        "disability) is an independent court. When it hears an appeal about an EHC plan, it "
        "can also recommend changes to the health and social care parts.",
        choices=YES_NO,
        required_message="Select yes if the tribunal has made a recommendation",
        applies=_recommendations_possible,
    ),
    _date_step(
        "recommendation-date",
        "recommendation_made",
        "What date did the tribunal make its recommendation?",
        "Date of the recommendation",
        "date of the recommendation",
        lambda a: _recommendations_possible(a) and a.get("recommendation") == "yes",
    ),
    _date_step(
        "discrimination-date",
        "discrimination_act",
        "When were they treated unfairly because of their disability?",
        "Date of the unfair treatment",
        "date of the unfair treatment",
        lambda a: "disability_discrimination" in a.get("about", []),
        hint="If it happened more than once, enter the last time. " + DATE_HINT,
    ),
    # Issue 24: asked only where the answer changes the routes or gives a clock.
    Step(
        slug="nursery-type",
        key="early_years_setting",
        kind="radios",
        question="What kind of nursery or early years setting is it?",
        summary="Type of nursery",
        hint="A council nursery school is a school in the law on disability discrimination, so "
        "a claim goes to the SEND Tribunal instead of a court.",
        choices=EARLY_YEARS_SETTINGS,
        required_message="Select the kind of nursery, or select I'm not sure",
        applies=lambda a: (
            "early_years" in a.get("with", []) and "disability_discrimination" in a.get("about", [])
        ),
    ),
    _date_step(
        "problem-date",
        "grounds_arose",
        "When did the council make the decision, or when did you first know about the problem?",
        "Decision or problem known since",
        "date of the decision or problem",
        lambda a: bool(set(a.get("about", [])) & GROUNDS_SUBJECTS),
        intro="Complaints to an ombudsman and asking a court to look at a decision have time "
        "limits counted from this date.",
        unknown="I'm not sure",
    ),
    Step(
        slug="school-move",
        key="phase_transfer",
        kind="radios",
        question="Is the child or young person moving to a new school or college next September?",
        summary="Moving next September",
        hint="The council must review and change the plan in time for the move.",
        choices=PHASE_TRANSFER_CHOICES,
        required_message="Select whether the child or young person is moving next September",
        applies=lambda a: _plan(a) and bool(set(a.get("about", [])) & TRANSFER_SUBJECTS),
    ),
    _date_step(
        "exclusion-decision-date",
        "board_decision",
        "When did the school's governors tell you their decision about the exclusion?",
        "Governors' decision on the exclusion",
        "date of the governors' decision",
        lambda a: "exclusion" in a.get("about", []) and "school" in a.get("with", []),
        intro="After a permanent exclusion, you can ask for an independent review within "
        "15 school days of being told the governors' decision.",
        unknown="They have not decided yet",
    ),
    _date_step(
        "review-meeting-date",
        "review_meeting",
        "When was the annual review meeting?",
        "Annual review meeting",
        "date of the review meeting",
        lambda a: _plan(a) and bool(set(a.get("about", [])) & REVIEW_SUBJECTS),
        intro="After an annual review meeting, the council must tell you within 4 weeks whether "
        "it will keep, change or stop the plan.",
        unknown="There has not been a review meeting",
    ),
    _date_step(
        "proposed-changes-date",
        "amendments_sent",
        "When did the council send you its proposed changes to the plan?",
        "Proposed changes sent",
        "date the proposed changes were sent",
        lambda a: _plan(a) and "draft_plan" in a.get("about", []),
        intro="You have at least 15 days to comment on the proposed changes, and the council "
        "must send the amended plan within 8 weeks of sending them.",
        unknown="The council has not sent proposed changes",
    ),
    _date_step(
        "tribunal-decision-date",
        "tribunal_decision",
        "What date is on the tribunal's decision?",
        "Date of the tribunal's decision",
        "date of the tribunal's decision",
        lambda a: _appealable(a) and "tribunal_decided" in a.get("progress", []),
        intro="If you think the tribunal got the law wrong, you can ask it to review its "
        "decision and for permission to appeal to the Upper Tribunal, within 28 days.",
    ),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
DATE_STEPS = tuple(step for step in STEPS if step.kind == "date")


def build_situation(answers: Answers, *, today: dt.date) -> dict:
    """Return the contract's situation for complete answers (only steps that apply count)."""
    applies = {step.key for step in STEPS if step.applies(answers)}
    situation: dict = {
        "today": today.isoformat(),
        "age": answers["age"],
        "requester": "parent" if answers["who"] == "parent" else "young_person",
        "has_ehc_plan": answers["plan"] == "yes",
        "with": list(answers["with"]),
        "about": list(answers["about"]),
        "dates": {
            step.key: answers[step.key]
            for step in DATE_STEPS
            if step.key in applies and answers.get(step.key) not in (None, "", UNKNOWN_DATE)
        },
    }
    if answers["who"] == "representative":
        situation["young_person_lacks_capacity"] = True
    school_type = answers.get("school_type")
    if "school_type" in applies and school_type and school_type != "not_sure":
        situation["school_type"] = school_type
    setting = answers.get("early_years_setting")
    if "early_years_setting" in applies and setting in ("maintained_nursery_school", "other"):
        situation["early_years_setting"] = setting
    if "phase_transfer" in applies and answers.get("phase_transfer") in ("school", "post16"):
        # A move "next September" is in this calendar year until 1 September, then the next.
        situation["phase_transfer_year"] = today.year if today.month < 9 else today.year + 1
        situation["phase_transfer_to_post16"] = answers["phase_transfer"] == "post16"
    return situation


def answer_text(step: Step, answers: Answers, *, council_name: str = "") -> str:
    """The answer as the family gave it, for "Check your answers"."""
    value: Any = answers.get(step.key)  # a JSON value, of the step's kind
    if step.kind == "select":
        return council_name or str(value)
    if step.kind == "number":
        return f"{value} years old" if value != 1 else "1 year old"
    if step.kind == "date":
        if value == UNKNOWN_DATE:
            return (
                NO_LETTER_SUMMARY if step.unknown_label == NO_LETTER_LABEL else step.unknown_label
            )
        return long_date(dt.date.fromisoformat(value), weekday=False)
    labels = dict(step.choices_for(answers))
    if step.kind == "checkboxes":
        return "\n".join(labels.get(v, v) for v in value)
    return labels.get(value, str(value))
