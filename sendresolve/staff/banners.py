"""The success banner after a staff action: what was done and what was sent to whom.

One place for every action the staff pages perform (``case_views.action_run``): the heading
comes from the catalogue entry's title ("Record that mediation advice was given" → "Recorded
that mediation advice was given"), the rest from the outbox messages the action queued
(``notifications.selectors.queued_since``), naming each recipient by their part in the case
(the family, a party), never by what the message said.

The banner goes through Django's messages framework as one success message: the heading, then
one sentence per line (``staff/base.html`` draws it as a GOV.UK success notification banner).
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib import messages

# The past tense of the verbs the catalogue's titles start with. A title starting with any
# other verb is shown as "Done: <title>" rather than guessed at.
PAST = {
    "add": "Added",
    "arrange": "Arranged",
    "assign": "Assigned",
    "cancel": "Cancelled",
    "close": "Closed",
    "correct": "Corrected",
    "edit": "Edited",
    "issue": "Issued",
    "log": "Logged",
    "mark": "Marked",
    "open": "Opened",
    "reassign": "Reassigned",
    "rearrange": "Rearranged",
    "record": "Recorded",
    "reopen": "Reopened",
    "send": "Sent",
    "start": "Started",
    "tell": "Told",
    "undo": "Undid",
    "update": "Updated",
    "withdraw": "Withdrew",
}
CHANNEL_WORDS = {"email": ("an email", "emails"), "sms": ("a text message", "text messages")}
REPEATED = "This form had already been sent, so it was done only once."
NOTHING_SENT = "No message was sent."


def done_heading(title: str) -> str:
    """What the banner says was done, from the catalogue title of the action."""
    verb, _, rest = title.partition(" ")
    past = PAST.get(verb.lower())
    return f"{past} {rest}" if past and rest else f"Done: {title[:1].lower()}{title[1:]}"


def recipient_names(case: Any) -> dict[str, str]:
    """Who each address of the case belongs to, as the banner names them."""
    names = {}
    for party in case.parties.all():
        if party.email:
            names[party.email.lower()] = f"{party.name} ({party.get_role_display().lower()})"
    for address in (case.email, case.phone):
        if address:
            names[address.lower()] = "the family"
    return names


def sent_sentences(queued: Iterable[Any], names: dict[str, str]) -> list[str]:
    """One sentence per recipient and channel: "The family was sent an email."."""
    counts: Counter[tuple[str, str, bool]] = Counter()
    for message in queued:
        to = message.to.strip()
        who = names.get(to.lower()) or (to if message.channel == "email" else "another recipient")
        counts[(who, message.channel, message.status == "to_post")] += 1
    sentences = []
    for (who, channel, to_post), count in counts.items():
        if channel == "letter" or to_post:
            letters = "A letter" if count == 1 else f"{count} letters"
            verb = "is" if count == 1 else "are"
            sentences.append(f"{letters} for {who} {verb} ready to print and post.")
            continue
        one, many = CHANNEL_WORDS.get(channel, ("a message", "messages"))
        what = one if count == 1 else f"{count} {many}"
        # "the family" starts the sentence with a capital; an address is left as it is.
        if who.startswith(("the ", "another ")):
            who = who[:1].upper() + who[1:]
        sentences.append(f"{who} was sent {what}.")
    return sentences or [NOTHING_SENT]


def banner_add(request: Any, *, title: str, queued: list[Any], case: Any, repeated: bool) -> None:
    """Queue the success banner for the next page the user sees (the case page)."""
    lines = [done_heading(title)]
    if repeated:
        lines.append(REPEATED)
    else:
        lines.extend(sent_sentences(queued, recipient_names(case) if queued else {}))
    messages.success(request, "\n".join(lines))
