"""Messages about a case, through the notifications interface (delivered after commit).

A message goes by the family's preferred channel when we have the address for it; a case with
no usable contact gets none (staff see that on the case page). Personalisation carries only
what the message needs; mediation content never goes in a message.
"""

import datetime as dt

from sendresolve.cases.council_inbox import la_recipients
from sendresolve.cases.models import Case, Certificate, Session
from sendresolve.cases.venues import joining_details
from sendresolve.cases.vocabulary import CaseKind
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.core.clock import LONDON
from sendresolve.core.templating import london_time
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import Channel, DocumentKind
from sendresolve.notifications.sending import document_send_to_family, family_document_route
from sendresolve.notifications.services import message_send


def _family_route(case: Case) -> tuple[Channel, str] | None:
    if case.preferred_channel == CaseChannel.SMS and case.phone:
        return Channel.SMS, case.phone
    if case.email:
        return Channel.EMAIL, case.email
    return None


def _send(
    case: Case, template: str, route: tuple[Channel, str], personalisation: dict[str, str]
) -> None:
    channel, to = route
    message_send(
        template=template,
        to=to,
        channel=channel,
        personalisation=personalisation,
        reference=case.reference,
        local_authority=case.local_authority,
        provider=case.provider,
    )


def _common(case: Case, *, phone: bool = True) -> dict[str, str]:
    common = {
        "name": case.requester_name,
        "case_reference": case.reference,
        "provider_name": case.provider.name,
    }
    if phone:
        common["provider_phone"] = case.provider.phone or case.provider.email or "us"
    return common


def family_message(case: Case, template: str) -> None:
    route = _family_route(case)
    if route is not None:
        _send(case, template, route, _common(case))


def session_message(session: Session) -> None:
    case = session.case
    route = _family_route(case)
    if route is None:
        return
    _send(
        case,
        "session_arranged",
        route,
        {**_common(case), **_when(session), "venue": _place_and_joining(session, session.place)},
    )


def _place_and_joining(session: Session, place: str) -> str:
    """Where the meeting is and, for the participants these messages go to, how to join one
    held online or by telephone (the venue's link or number, issue 22)."""
    joining = joining_details(session)
    return f"{place}\n{joining}" if joining else place


def session_cancelled_message(session: Session) -> None:
    """Tell the family, and everyone else invited, that the meeting is cancelled."""
    _session_participants(session, "session_cancelled", {**_when(session)})


def session_rearranged_message(session: Session, *, was: dt.datetime) -> None:
    """Tell the family, and everyone else invited, the meeting's new date, time and place."""
    before = _when_at(was)
    venue = _place_and_joining(
        session, session.venue.name if session.venue else session.get_mode_display()
    )
    _session_participants(
        session,
        "session_rearranged",
        {
            **_when(session),
            "venue": venue,
            "old_session_date": before["session_date"],
            "old_session_time": before["session_time"],
        },
    )


def _session_participants(session: Session, template: str, details: dict[str, str]) -> None:
    """Send ``template`` to the family by their preferred route, and its ``_party`` version by
    email to each other person invited to the meeting (once per address)."""
    case = session.case
    told: set[str] = set()
    route = _family_route(case)
    if route is not None:
        _send(case, template, route, {**_common(case), **details})
        told.add(route[1].strip().lower())
    for party in session.attendees.all():
        address = party.email.strip().lower()
        if not address or address in told or address == case.email.strip().lower():
            continue
        told.add(address)
        _send(
            case,
            f"{template}_party",
            (Channel.EMAIL, party.email),
            {**_common(case), **details, "name": party.name},
        )


def _when(session: Session) -> dict[str, str]:
    """A meeting's date and time in England, as the messages print them."""
    return _when_at(session.starts_at)


def _when_at(moment: dt.datetime) -> dict[str, str]:
    starts = moment.astimezone(LONDON)
    return {"session_date": long_date(starts.date()), "session_time": london_time(starts)}


def certificate_message(certificate: Certificate) -> None:
    """Send the family their certificate (its number, the appeal deadline and the tribunal's
    appeal form and guidance; a corrected certificate also says which one it replaces) by the
    channel they chose, post included, once (``notifications.sending``)."""
    document_send_to_family(
        case=certificate.case, kind=DocumentKind.CERTIFICATE, number=certificate.number
    )


def la_message(case: Case, template: str, extra: dict[str, str] | None = None) -> None:
    """Tell the LA: its SEND team's inbox (``council_inbox``) and each LA officer on the case
    with an email. ``extra`` is what the template needs beyond the case's names."""
    for recipient in la_recipients(case):
        message_send(
            template=template,
            to=recipient.email,
            channel=Channel.EMAIL,
            personalisation={
                "officer_name": recipient.name,
                "provider_name": case.provider.name,
                "local_authority_name": case.local_authority.name,
                "case_reference": case.reference,
                **(extra or {}),
            },
            reference=case.reference,
            local_authority=case.local_authority,
            provider=case.provider,
        )


# -- who a message about the case goes to (the staff pages' check before issuing) -------------


def family_recipient(case: Case) -> tuple[Channel, str] | None:
    """How the family's certificate goes (channel and address, an address on one line), or None
    if it cannot (``notifications.sending.family_document_route``)."""
    route = family_document_route(case)
    if route.channel is None:
        return None
    return route.channel, route.to.replace("\n", ", ")


def _due(case: Case, deadline_id: str) -> str:
    deadline = case.deadlines.filter(deadline_id=deadline_id).order_by("due_on").first()
    return long_date(deadline.due_on) if deadline else "the date shown on the case"


def la_mediation_requested_message(case: Case, *, on: dt.date) -> None:
    """The family wants mediation: to the LA, and, with health care in issue, the MED-03
    notice that the LA must tell the health body."""
    la_message(
        case,
        "la_informed_mediation_requested",
        {"requested_on": long_date(on), "mediation_deadline": _due(case, "mediation_held")},
    )
    if case.health_care_in_issue or case.kind == CaseKind.HEALTH_ONLY_MEDIATION:
        links = case.health_bodies.select_related("commissioning_body")
        bodies = ", ".join(link.commissioning_body.name for link in links)
        la_message(
            case,
            "health_care_in_issue_notice",
            {
                "health_bodies": bodies or "the health commissioning body responsible",
                "notice_deadline": _due(case, "health_body_notified"),
            },
        )


def la_cannot_arrange_message(case: Case, *, on: dt.date) -> None:
    """The LA cannot arrange mediation within 30 days: to the LA, with the certificate's date."""
    la_message(
        case,
        "la_cannot_arrange_recorded",
        {
            "recorded_on": long_date(on),
            "certificate_deadline": _due(case, "certificate_when_not_arranged"),
        },
    )
