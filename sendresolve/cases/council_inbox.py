"""The council's inbox: where messages for a case's local authority go, and what was sent there.

Each LA's SEND team has a contact address for the messages about mediation cases: the
commission's ``la_contact_email`` (the address the LA gave the provider it commissioned), or
else the LA's own ``send_team_email``. The messages the LA must act on (the family wants
mediation, the LA cannot arrange mediation within 30 days, the health care in issue notice of
MED-03) go to that address **and** to every LA officer taking part in the case, so an LA hears
even before an officer is named on the case.

A health commissioning body's (ICB's) address is its own ``CommissioningBody.email``: an ICB is
not a party to the provider's commission with the LA, so it has no commission field. No message
goes to it yet (the MED-03 notice to the health body is the LA's to give); it is here so the
choice is in one place.

``council_notices_sent`` reads the outbox to say, on the case page, when each of these was sent
and to whom.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sendresolve.cases.models import Case
from sendresolve.cases.vocabulary import PartyRole
from sendresolve.core import clock
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import OutboxMessage, Status
from sendresolve.tenancy.models import Commission, CommissioningBody
from sendresolve.tenancy.selectors import commissions_active_on

# The messages for the LA, with what the case page calls each.
COUNCIL_TEMPLATES = {
    "la_informed_mediation_requested": "Family wants mediation",
    "la_cannot_arrange_recorded": "Cannot arrange mediation within 30 days",
    "health_care_in_issue_notice": "Health care in issue: notify the health body (MED-03)",
}


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str  # how the message greets them, and how the case page names them
    is_inbox: bool = False


def la_inbox_address(case: Case, *, on: dt.date | None = None) -> str:
    """The LA's SEND team address for ``case``: its commission's, else the LA's own ("" if
    neither is known)."""
    on = clock.today() if on is None else on
    commission = (
        Commission.objects.filter(
            commissions_active_on(on),
            provider_id=case.provider_id,
            local_authority_id=case.local_authority_id,
        )
        .exclude(la_contact_email="")
        .order_by("-starts_on")
        .values_list("la_contact_email", flat=True)
        .first()
    )
    return commission or case.local_authority.send_team_email


def health_inbox_address(body: CommissioningBody) -> str:
    """A health commissioning body's contact address (see the module docstring)."""
    return body.email


def la_recipients(case: Case) -> list[Recipient]:
    """The LA's inbox, then each LA officer on the case with an email, each address once."""
    out: list[Recipient] = []
    seen: set[str] = set()
    inbox = la_inbox_address(case)
    if inbox:
        out.append(Recipient(inbox, f"{case.local_authority.name} SEND team", is_inbox=True))
        seen.add(inbox.lower())
    for party in case.parties.filter(role=PartyRole.LA_OFFICER).exclude(email="").order_by("id"):
        if party.email.lower() not in seen:
            out.append(Recipient(party.email, party.name))
            seen.add(party.email.lower())
    return out


@dataclass(frozen=True)
class SentNotice:
    """One council message on a case: what, to whom (names or addresses), when, and how far."""

    title: str
    to: tuple[str, ...]
    on: dt.date
    state: str  # "sent", "waiting" (queued) or "failed"

    @property
    def line(self) -> str:
        """E.g. "Family wants mediation – sent to send@council.gov.uk and Jo Officer on 3 March
        2027"."""
        names = " and ".join(
            [", ".join(self.to[:-1]), self.to[-1]] if len(self.to) > 1 else list(self.to)
        )
        verb = {"sent": "sent to", "waiting": "waiting to be sent to", "failed": "not sent to"}
        return f"{self.title} – {verb[self.state]} {names} on {long_date(self.on, weekday=False)}"


def council_notices_sent(case: Case) -> list[SentNotice]:
    """The council messages recorded for ``case``, oldest first: one line per message and day,
    naming LA officers on the case and giving other addresses (the inbox) as they are."""
    messages = list(
        OutboxMessage.objects.filter(reference=case.reference, template__in=list(COUNCIL_TEMPLATES))
        .order_by("created_at", "id")
        .only("template", "to", "status", "sent_at", "created_at")
    )
    if not messages:
        return []
    names = {
        email.lower(): name
        for email, name in case.parties.filter(role=PartyRole.LA_OFFICER)
        .exclude(email="")
        .values_list("email", "name")
    }
    groups: dict[tuple[str, dt.date, str], list[str]] = {}
    for message in messages:
        when = (message.sent_at or message.created_at).astimezone(clock.LONDON).date()
        state = (
            "sent"
            if message.status == Status.DELIVERED
            else "failed"
            if message.status == Status.FAILED
            else "waiting"
        )
        who = names.get(message.to.lower(), message.to) if message.to else "(removed)"
        groups.setdefault((message.template, when, state), []).append(who)
    return [
        SentNotice(title=COUNCIL_TEMPLATES[template], to=tuple(who), on=on, state=state)
        for (template, on, state), who in groups.items()
    ]
