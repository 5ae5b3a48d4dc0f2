"""The message kinds a provider manager may rewrite, their merge fields, checks and preview.

A kind is one template of ``notifications.templates`` on one of its channels (email, text
message, letter). The text a manager writes may use, in the Notify style ``((field))``:

- the merge fields the default text of that kind uses (the sending code always supplies them);
- the provider's own details (``branding.selectors.PROVIDER_FIELDS``), filled from the provider's
  record at sending.

Some fields carry what the message is for (the case reference, a date, a link): a text without
them is refused (``KEY_FIELDS``). The preview fills every field with the made-up values of
``FIELDS``, never a real case: the only real details in it are the provider's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendresolve.branding.selectors import PROVIDER_FIELDS, Letterhead
from sendresolve.notifications.models import Channel
from sendresolve.notifications.templates import TEMPLATES, MessageTemplate, placeholders_in

# Anything written like a merge field, well formed or not: "((Name))", "(( name ))".
ANY_FIELD = re.compile(r"\(\(([^()]*)\)\)")

# Sent on no provider's behalf (a saved request has no provider yet) or to the provider's own
# managers about its contracts: not the provider's to rewrite.
NOT_EDITABLE = frozenset({"request_saved", "billing_volume_alert"})

# GOV.UK Notify's limits: a text message of at most 612 characters once filled in (4 parts);
# the subject of an email on one line.
SMS_MAX = 612
SUBJECT_MAX = 150
BODY_MAX = 5000

# name -> (what it is, the made-up value the preview shows). Documented on the edit page.
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("The name of the person the message is to", "Jo Sample"),
    "case_reference": ("The case reference", "SR-0000-0000"),
    "provider_name": ("Your organisation's name", ""),
    "provider_phone": ("Your phone number (your email address if you have no phone)", ""),
    "provider_email": ("Your email address", ""),
    "provider_website": ("Your website", ""),
    "provider_address": ("Your postal address, on one line", ""),
    "advice_date": ("The day mediation advice was given", "Monday 3 March 2025"),
    "certificate_number": ("The mediation certificate's number", "MC-2025-EXAMPL"),
    "replaced_number": ("The number of the certificate a corrected one replaces", "MC-2025-OLDEXA"),
    "issued_on": ("The day the certificate was issued", "Tuesday 4 March 2025"),
    "certificate_link": ("The link to the certificate (PDF)", "https://example.org/c/EXAMPLE"),
    "status_link": ("The family's link to their case page", "https://example.org/s/EXAMPLE"),
    "link_days": ("How many days a link works", "28"),
    "new_link": ("Where to ask for a new link", "https://example.org/your-case/new-link/"),
    "appeal_deadline": ("The last day to appeal to the tribunal", "5pm on Friday 2 May 2025"),
    "session_date": ("The meeting's date", "Thursday 20 March 2025"),
    "session_time": ("The meeting's start time", "10:00am"),
    "old_session_date": ("The meeting's date before it moved", "Tuesday 18 March 2025"),
    "old_session_time": ("The meeting's time before it moved", "2:00pm"),
    "venue": ("Where the meeting is, and how to join it online", "Example Community Centre"),
    "officer_name": ("The council officer's name", "Sam Officer"),
    "local_authority_name": ("The council's name", "Example Council"),
    "requested_on": ("The day the family asked for mediation", "Monday 3 March 2025"),
    "mediation_deadline": ("The day mediation must take place by", "Wednesday 2 April 2025"),
    "health_bodies": ("The health bodies to notify", "NHS Example Integrated Care Board"),
    "notice_deadline": ("The day the health body must be told by", "Thursday 6 March 2025"),
    "recorded_on": ("The day it was recorded", "Monday 3 March 2025"),
    "certificate_deadline": ("The day the certificate is due", "Thursday 6 March 2025"),
    "action": ("What was agreed at mediation", "The school will send the new timetable."),
    "due_date": ("The day it is due", "Friday 28 March 2025"),
    "deadline_title": ("What must happen", "Issue the mediation certificate"),
    "who_must_act": ("Who must act", "The mediation adviser"),
    "case_link": ("The staff link to the case", "https://example.org/staff/cases/SR-0000-0000/"),
    "document": ("The document's name", "mediation agreement"),
    "document_number": ("The document's number", "SR-0000-0000-A1"),
    "next_steps": (
        "What the family can do with the document",
        "Please keep it safe. You can also see it on your case page online.",
    ),
    "channel": ("How the document went to the family", "email"),
    "survey_link": ("The link to the satisfaction survey", "https://example.org/survey/EXAMPLE"),
    "inviter_name": ("The name of the person who sent the invitation", "Alex Manager"),
    "roles": ("The roles the invitation gives", "mediation adviser and mediator"),
    "invite_link": (
        "The link to accept the invitation",
        "https://example.org/staff/invite/EXAMPLE",
    ),
    "expires_on": ("The day the invitation expires", "Monday 10 March 2025"),
}

# Fields that carry what a message is for: a text of a kind whose default uses one must too.
KEY_FIELDS = frozenset(
    {
        "case_reference",
        "certificate_number",
        "replaced_number",
        "appeal_deadline",
        "certificate_link",
        "status_link",
        "case_link",
        "session_date",
        "session_time",
        "venue",
        "due_date",
        "action",
        "document",
        "document_number",
        "next_steps",
        "deadline_title",
        "mediation_deadline",
        "notice_deadline",
        "certificate_deadline",
        "survey_link",
        "invite_link",
    }
)

CHANNEL_ORDER = (Channel.EMAIL, Channel.SMS, Channel.LETTER)


@dataclass(frozen=True)
class Kind:
    template: MessageTemplate
    channel: Channel

    @property
    def id(self) -> str:
        return self.template.id

    @property
    def has_subject(self) -> bool:
        return self.channel != Channel.SMS

    @property
    def title(self) -> str:
        return self.template.description

    @property
    def default_subject(self) -> str:
        return "" if self.channel == Channel.SMS else self.template.subject

    @property
    def default_body(self) -> str:
        return self.template.sms_body if self.channel == Channel.SMS else self.template.body

    @property
    def default_fields(self) -> tuple[str, ...]:
        return self.template.placeholders(self.channel)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every merge field this kind may use: its default's, then the provider's."""
        own = self.default_fields
        return own + tuple(name for name in PROVIDER_FIELDS if name not in own)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name in self.default_fields if name in KEY_FIELDS)


def kinds() -> list[Kind]:
    """Every kind a provider manager may rewrite, in the catalogue's order."""
    return [
        Kind(template, channel)
        for template in TEMPLATES.values()
        if template.id not in NOT_EDITABLE
        for channel in CHANNEL_ORDER
        if channel in template.channels
    ]


def kind_get(template_id: str, channel: str) -> Kind | None:
    template = TEMPLATES.get(template_id)
    if template is None or template_id in NOT_EDITABLE:
        return None
    try:
        chosen = Channel(channel)
    except ValueError:
        return None
    return Kind(template, chosen) if chosen in template.channels else None


def field_description(name: str) -> str:
    return FIELDS.get(name, (name.replace("_", " ").capitalize(), ""))[0]


def text_errors(
    kind: Kind, *, subject: str, body: str, letterhead: Letterhead
) -> dict[str, list[str]]:
    """What is wrong with a text for ``kind``, by form field ("subject", "body"); {} if none.

    Unknown or malformed merge fields are named as written; a key field missing is named; a
    provider field the provider has no value for is refused (it would print nothing).
    """
    errors: dict[str, list[str]] = {}
    allowed = set(kind.fields)
    blank = {
        "provider_email": not letterhead.email,
        "provider_website": not letterhead.website,
        "provider_address": not letterhead.address,
    }
    texts = {"body": body} | ({"subject": subject} if kind.has_subject else {})
    for name, text in texts.items():
        for written in dict.fromkeys(ANY_FIELD.findall(text)):
            if written not in allowed:
                errors.setdefault(name, []).append(
                    f"(({written})) is not a merge field of this message. Use only the fields "
                    "in the list."
                )
            elif blank.get(written):
                errors.setdefault(name, []).append(
                    f"(({written})) would be empty: add it on the branding page first, or "
                    "take it out."
                )
    if kind.has_subject:
        if not subject.strip():
            errors.setdefault("subject", []).append("Enter a subject")
        elif len(subject) > SUBJECT_MAX:
            errors.setdefault("subject", []).append(
                f"The subject must be {SUBJECT_MAX} characters or fewer"
            )
    limit = SMS_MAX if kind.channel == Channel.SMS else BODY_MAX
    if not body.strip():
        errors.setdefault("body", []).append("Enter the message")
    elif len(body) > limit:
        errors.setdefault("body", []).append(f"The message must be {limit} characters or fewer")
    used = set(placeholders_in(subject if kind.has_subject else "", body))
    missing = [name for name in kind.required if name not in used]
    if missing and "body" not in errors:
        names = ", ".join(f"(({name}))" for name in missing)
        errors["body"] = [f"The message must include {names}"]
    return errors


def demo_values(letterhead: Letterhead) -> dict[str, str]:
    """Every merge field's preview value: made up, but the provider's own details."""
    values = {name: demo for name, (_, demo) in FIELDS.items()}
    values |= {
        "provider_name": letterhead.name,
        "provider_phone": letterhead.phone or letterhead.email or "us",
        "provider_email": letterhead.email,
        "provider_website": letterhead.website,
        "provider_address": ", ".join(letterhead.address),
    }
    return values


def preview(kind: Kind, *, subject: str, body: str, letterhead: Letterhead) -> tuple[str, str]:
    """``(subject, body)`` filled in with the demo values (unknown fields left as written)."""
    values = demo_values(letterhead)

    def fill(text: str) -> str:
        return ANY_FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), text)

    return (fill(subject) if kind.has_subject else ""), fill(body)
