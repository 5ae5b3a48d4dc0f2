"""Messages about a case, through the notifications interface (delivered after commit).

A message goes by the family's preferred channel when we have the address for it; a case with
no usable contact gets none (staff see that on the case page). Personalisation carries only
what the message needs; mediation content never goes in a message.
"""

from sendresolve.cases.models import Case, Certificate, Session
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.core.clock import LONDON
from sendresolve.core.templating import london_time
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import Channel
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
    venue = session.venue.name if session.venue else session.get_mode_display()
    _send(case, "session_arranged", route, {**_common(case), **_when(session), "venue": venue})


def session_cancelled_message(session: Session) -> None:
    case = session.case
    route = _family_route(case)
    if route is None:
        return
    _send(case, "session_cancelled", route, {**_common(case), **_when(session)})


def _when(session: Session) -> dict[str, str]:
    """A meeting's date and time in England, as the messages print them."""
    starts = session.starts_at.astimezone(LONDON)
    return {"session_date": long_date(starts.date()), "session_time": london_time(starts)}


def certificate_message(certificate: Certificate) -> None:
    """Send the family their certificate's number and appeal deadline; a corrected certificate
    also says which one it replaces."""
    case = certificate.case
    route = _family_route(case)
    if route is None:
        return
    corrected = {"replaced_number": certificate.replaces_number}
    _send(
        case,
        "certificate_corrected" if certificate.replaces_number else "certificate_issued",
        route,
        {
            **_common(case, phone=False),
            "certificate_number": certificate.number,
            "issued_on": long_date(certificate.issued_on),
            "appeal_deadline": f"5pm on {long_date(certificate.appeal_deadline)}",
            **(corrected if certificate.replaces_number else {}),
        },
    )


def la_message(case: Case, template: str) -> None:
    """Tell the LA's officers on the case (parties with an email) that mediation was asked for."""
    deadline = case.deadlines.filter(deadline_id="mediation_held").first()
    for party in case.parties.filter(role="la_officer").exclude(email=""):
        message_send(
            template=template,
            to=party.email,
            channel=Channel.EMAIL,
            personalisation={
                "officer_name": party.name,
                "provider_name": case.provider.name,
                "local_authority_name": case.local_authority.name,
                "case_reference": case.reference,
                "requested_on": long_date(
                    case.events.filter(type="la_informed").latest("occurred_on").occurred_on
                ),
                "mediation_deadline": long_date(deadline.due_on) if deadline else "",
            },
            reference=case.reference,
            local_authority=case.local_authority,
            provider=case.provider,
        )
