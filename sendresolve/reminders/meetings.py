"""Meeting reminders (issue 22): everyone taking part in an arranged meeting is reminded 2
working days before it and again the day before.

- **When**: "2 working days before" is counted in the law core's England and Wales working
  days (``law.ENG_WD``: weekends, Christmas, Good Friday and bank holidays with their substitute
  days, plus any ``SENDRESOLVE_EXTRA_BANK_HOLIDAYS``), so a meeting on Tuesday 29 December 2026
  is reminded on Wednesday 23 December, before Christmas Day (Friday) and the Boxing Day
  substitute (Monday 28th). "1 day before" is the calendar day before, weekend or not. The daily
  reminder job (``reminders.tasks``, 07:00 London) sends what is due; a run that was missed
  catches up, but once the day before has come only that reminder goes, and nothing goes on or
  after the meeting's day.
- **Who**: the family by their chosen channel (text message to a UK mobile, else email), each
  person invited (``Session.attendees``: the LA officer, health, school, supporters) with an
  email address or a UK mobile, and the mediator on the case
  (``notifications.sending.case_mediators``). Post is never used: it would come too late.
- **Once**: one ``MeetingReminder`` row per meeting, sequence, kind and participant, written in
  the same transaction as its message and audit event. A rerun sends nothing twice; a meeting
  rearranged (its sequence raised) is reminded again for its new time; a cancelled or held
  meeting is not reminded.

Like ``reminders.services.reminders_send``, the job is deliberately not one transaction: each
reminder commits on its own, so a run stopped anywhere leaves each sent once or not started.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from sendresolve import law
from sendresolve.audit.services import audit_record
from sendresolve.cases.deadlines import extra_bank_holidays
from sendresolve.cases.models import Case, Session
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.core.templating import london_time
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import Channel
from sendresolve.notifications.sending import case_mediators
from sendresolve.notifications.services import UK_MOBILE, message_send
from sendresolve.reminders.models import MeetingReminder

logger = logging.getLogger(__name__)

FAMILY_TEMPLATE = "meeting_reminder"
PARTY_TEMPLATE = "meeting_reminder_party"
WORKING_DAYS_BEFORE = 2
# How far ahead the job looks: 2 working days can span a long Christmas break.
LOOK_AHEAD = dt.timedelta(days=14)


@dataclass(frozen=True)
class Participant:
    key: str  # "family", "party:<id>", "user:<id>": who, never their address
    name: str
    channel: Channel
    to: str
    family: bool = False


def _digits(number: str) -> str:
    return "".join(ch for ch in number or "" if ch.isdigit() or ch == "+")


def _mobile(number: str) -> str:
    return number if number and UK_MOBILE.match(_digits(number)) else ""


def reminder_dates(meeting_on: dt.date) -> dict[MeetingReminder.Kind, dt.date]:
    """The day each reminder of a meeting on ``meeting_on`` is due."""
    calendar = law.WorkingDays.adding(extra_bank_holidays()).calendar("ENG_WD")
    return {
        MeetingReminder.Kind.TWO_WORKING_DAYS: calendar.add_working_days(
            meeting_on, -WORKING_DAYS_BEFORE
        ),
        MeetingReminder.Kind.ONE_DAY: meeting_on - dt.timedelta(days=1),
    }


def reminder_due(meeting_on: dt.date, today: dt.date) -> MeetingReminder.Kind | None:
    """The reminder due ``today`` for a meeting on ``meeting_on``, if any: the latest one whose
    day has come, and none on or after the meeting's day."""
    if today >= meeting_on:
        return None
    dates = reminder_dates(meeting_on)
    if today >= dates[MeetingReminder.Kind.ONE_DAY]:
        return MeetingReminder.Kind.ONE_DAY
    if today >= dates[MeetingReminder.Kind.TWO_WORKING_DAYS]:
        return MeetingReminder.Kind.TWO_WORKING_DAYS
    return None


def meeting_participants(session: Session) -> list[Participant]:
    """Everyone reminded of ``session``, once per address (the family first)."""
    case = session.case
    people: list[Participant] = []
    family = _family(case)
    if family is not None:
        people.append(family)
    for party in session.attendees.all():
        if party.email:
            people.append(Participant(f"party:{party.pk}", party.name, Channel.EMAIL, party.email))
        elif _mobile(party.phone):
            people.append(Participant(f"party:{party.pk}", party.name, Channel.SMS, party.phone))
    for mediator in case_mediators(case):
        people.append(
            Participant(f"user:{mediator.user_id}", mediator.name, Channel.EMAIL, mediator.email)
        )
    unique: dict[str, Participant] = {}
    for person in people:
        unique.setdefault(_digits(person.to) or person.to.strip().lower(), person)
    return list(unique.values())


def _family(case: Case) -> Participant | None:
    if not case.has_family_party:
        return None
    mobile = _mobile(case.phone)
    name = case.requester_name
    if case.preferred_channel == CaseChannel.SMS and mobile:
        return Participant("family", name, Channel.SMS, mobile, family=True)
    if case.email:
        return Participant("family", name, Channel.EMAIL, case.email, family=True)
    if mobile:
        return Participant("family", name, Channel.SMS, mobile, family=True)
    return None


def _personalisation(session: Session, person: Participant) -> dict[str, str]:
    case = session.case
    starts = session.starts_at.astimezone(clock.LONDON)
    return {
        "name": person.name,
        "case_reference": case.reference,
        "provider_name": case.provider.name,
        "provider_phone": case.provider.phone or case.provider.email or "us",
        "session_date": long_date(starts.date()),
        "session_time": london_time(starts),
        "venue": session.place,
    }


def meeting_reminder_send(
    *, session: Session, kind: MeetingReminder.Kind, person: Participant
) -> MeetingReminder | None:
    """Record and send one participant's reminder, in one transaction; None if it was already
    sent (for example by a run going on at the same time)."""
    case = session.case
    try:
        with transaction.atomic():
            reminder = MeetingReminder.objects.create(
                session=session, sequence=session.sequence, kind=kind, participant=person.key
            )
            message = message_send(
                template=FAMILY_TEMPLATE if person.family else PARTY_TEMPLATE,
                to=person.to,
                channel=person.channel,
                personalisation=_personalisation(session, person),
                reference=case.reference,
                local_authority=case.local_authority,
                provider=case.provider,
            )
            reminder.messages.set([message])
            audit_record(
                actor=None,
                action="meeting_reminder.send",
                target=case,
                local_authority=case.local_authority,
                provider=case.provider,
                detail={
                    "reminder_id": reminder.pk,
                    "session_id": session.pk,
                    "sequence": session.sequence,
                    "kind": kind,
                    "participant": person.key,
                    "messages": [message.pk],
                },
            )
    except IntegrityError:
        if MeetingReminder.objects.filter(
            session=session, sequence=session.sequence, kind=kind, participant=person.key
        ).exists():
            return None
        raise
    return reminder


def meetings_to_remind(*, today: dt.date):
    """Arranged meetings in the next ``LOOK_AHEAD`` (the job acts for the system: unscoped)."""
    start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=clock.LONDON)
    return (
        Session.objects.filter(
            state=Session.State.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=start + LOOK_AHEAD,
        )
        .select_related("case__provider", "case__local_authority", "case__assigned_to", "venue")
        .prefetch_related("attendees")
        .order_by("starts_at", "pk")
    )


def meeting_reminders_send(*, today: dt.date | None = None) -> int:
    """Send every meeting reminder due ``today`` and not yet sent; return how many went."""
    today = today or clock.today()
    sent = 0
    for session in meetings_to_remind(today=today):
        kind = reminder_due(session.starts_at.astimezone(clock.LONDON).date(), today)
        if kind is None:
            continue
        done = set(
            MeetingReminder.objects.filter(
                session=session, sequence=session.sequence, kind=kind
            ).values_list("participant", flat=True)
        )
        for person in meeting_participants(session):
            if person.key in done:
                continue
            try:
                reminder = meeting_reminder_send(session=session, kind=kind, person=person)
            except ValidationError:
                # An address of the wrong shape: nothing recorded, tried again next run. The
                # ids only: the error may quote the address.
                logger.warning("Meeting reminder for session %s not sent: bad address", session.pk)
                continue
            sent += reminder is not None
    logger.info("Meeting reminders sent: %s", sent)
    return sent
