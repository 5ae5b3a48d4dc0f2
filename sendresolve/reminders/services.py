"""Deadline reminders: who is reminded, and the job that reminds them.

``reminders_send`` finds every deadline that needs a reminder in one query, then sends each
reminder in its own transaction (``reminder_send``): the ``Reminder`` row, its outbox messages
and its audit event commit together or not at all, and the messages are delivered after the
commit. So a run stopped anywhere leaves every reminder either sent once or not started, and
the next run picks up the ones not started; a second run sends nothing twice. It is therefore
deliberately not one transaction itself, and must not be called inside one.

Reminders to staff carry the case reference, the step, who must act, the due date and a link to
the case, and nothing about the child or the mediation.
"""

import datetime as dt
import logging
from collections import Counter
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from sendresolve.audit.services import audit_record
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.vocabulary import Channel as CaseChannel
from sendresolve.core import clock
from sendresolve.core.errors import ValidationError
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import message_send
from sendresolve.reminders.models import Reminder
from sendresolve.reminders.selectors import deadlines_due_reminders
from sendresolve.tenancy.models import Membership
from sendresolve.tenancy.roles import Role

logger = logging.getLogger(__name__)

STAFF_TEMPLATES = {
    Reminder.State.DUE_SOON: "deadline_due_soon",
    Reminder.State.OVERDUE: "deadline_overdue",
}
FAMILY_TEMPLATE = "appeal_deadline_due_soon"
# An agreed action's title is the wording of the written agreement, which can describe the child:
# reminders name the kind of step only.
AGREED_ACTION_TITLE = "An action agreed at mediation"


@dataclass(frozen=True)
class Recipient:
    channel: Channel
    to: str


@dataclass(frozen=True)
class ReminderRun:
    due_soon: int = 0
    overdue: int = 0
    skipped: int = 0

    @property
    def sent(self) -> int:
        return self.due_soon + self.overdue

    def as_dict(self) -> dict[str, int]:
        return {**asdict(self), "sent": self.sent}


def _emails(addresses) -> list[Recipient]:
    """One email recipient per distinct address (case-insensitively), in a stable order."""
    unique: dict[str, str] = {}
    for address in sorted(a for a in addresses if a):
        address = (address or "").strip()
        if address:
            unique.setdefault(address.lower(), address)
    return [Recipient(Channel.EMAIL, unique[key]) for key in sorted(unique)]


def _member_emails(role: Role, **organisation) -> list[str]:
    return list(
        Membership.objects.filter(
            role=role, is_active=True, user__is_active=True, **organisation
        ).values_list("user__email", flat=True)
    )


def reminder_recipients(deadline: CaseDeadline) -> list[Recipient]:
    """Return who is reminded of ``deadline``: whoever owes the action (an empty list if nobody
    can be reached).

    - provider: the case's assigned member of staff, else the provider's own address;
    - local authority: its active SEND officers, else its SEND team address;
    - health commissioning body: the active health commissioners of the body the deadline names
      (else the case's), else that body's address;
    - family: their appeal deadline only, by their preferred channel (as other family messages);
    - school, other: nobody (the provider follows these up on the case).
    """
    case = deadline.case
    if deadline.responsible == Reminder.RecipientKind.PROVIDER:
        assignee = case.assigned_to
        if assignee is not None and assignee.is_active and assignee.email:
            return _emails([assignee.email])
        return _emails([case.provider.email])
    if deadline.responsible == Reminder.RecipientKind.LOCAL_AUTHORITY:
        la = case.local_authority
        officers = _member_emails(Role.LA_OFFICER, local_authority=la)
        return _emails(officers) or _emails([la.send_team_email])
    if deadline.responsible == Reminder.RecipientKind.COMMISSIONING_BODY:
        body = deadline.responsible_body or case.commissioning_body
        if body is None:
            return []
        commissioners = _member_emails(Role.HEALTH_COMMISSIONER, commissioning_body=body)
        return _emails(commissioners) or _emails([body.email])
    if deadline.responsible == Reminder.RecipientKind.FAMILY:
        if case.preferred_channel == CaseChannel.SMS and case.phone:
            return [Recipient(Channel.SMS, case.phone)]
        return _emails([case.email])
    return []


def case_link(deadline: CaseDeadline) -> str:
    """The staff page of the deadline's case: a full address when ``SENDRESOLVE_BASE_URL`` is
    set, else the path."""
    path = reverse("staff:case", kwargs={"reference": deadline.case.reference})
    return f"{settings.SENDRESOLVE_BASE_URL}{path}"


def _clock_time(value: str) -> str:
    """``"17:00"`` as people write it: ``"5pm"`` (``"5:30pm"`` with minutes)."""
    time = dt.time.fromisoformat(value)
    hour = time.hour % 12 or 12
    minutes = f":{time.minute:02d}" if time.minute else ""
    return f"{hour}{minutes}{'am' if time.hour < 12 else 'pm'}"


def _personalisation(deadline: CaseDeadline) -> dict[str, str]:
    case = deadline.case
    if deadline.responsible == Reminder.RecipientKind.FAMILY:
        due = long_date(deadline.due_on)
        return {
            "name": case.requester_name,
            "case_reference": case.reference,
            "provider_name": case.provider.name,
            "appeal_deadline": f"{_clock_time(deadline.due_time)} on {due}"
            if deadline.due_time
            else due,
        }
    title = AGREED_ACTION_TITLE if deadline.key.startswith("action:") else deadline.title
    return {
        "case_reference": case.reference,
        "deadline_title": title,
        "who_must_act": deadline.responsible_label,
        "due_date": long_date(deadline.due_on),
        "case_link": case_link(deadline),
    }


def reminder_send(
    *, deadline: CaseDeadline, state: Reminder.State, recipients: list[Recipient]
) -> Reminder | None:
    """Record one reminder for ``deadline`` in ``state`` and send it to ``recipients``, in one
    transaction. Return None if this reminder was already sent (for example by a run going on
    at the same time)."""
    case = deadline.case
    family = deadline.responsible == Reminder.RecipientKind.FAMILY
    template = FAMILY_TEMPLATE if family else STAFF_TEMPLATES[state]
    personalisation = _personalisation(deadline)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                deadline=deadline,
                state=state,
                due_on=deadline.due_on,
                recipient_kind=deadline.responsible,
            )
            messages = [
                message_send(
                    template=template,
                    to=recipient.to,
                    channel=recipient.channel,
                    personalisation=personalisation,
                    reference=case.reference,
                    local_authority=case.local_authority,
                    provider=case.provider,
                )
                for recipient in recipients
            ]
            reminder.messages.set(messages)
            audit_record(
                actor=None,
                action="reminder.send",
                target=case,
                local_authority=case.local_authority,
                provider=case.provider,
                detail={
                    "reminder_id": reminder.pk,
                    "deadline_id": deadline.pk,
                    "deadline": deadline.key,
                    "state": state,
                    "due_on": deadline.due_on.isoformat(),
                    "recipient_kind": deadline.responsible,
                    "messages": [message.pk for message in messages],
                },
            )
    except IntegrityError:
        if Reminder.objects.filter(deadline=deadline, state=state, due_on=deadline.due_on).exists():
            return None
        raise
    return reminder


def reminders_send(*, today: dt.date | None = None) -> ReminderRun:
    """Send every due-soon and overdue reminder not yet sent; return how many went.

    A deadline whose owner has no address is skipped and nothing is recorded, so it is tried
    again on the next run (when, say, an officer has been added).
    """
    today = today or clock.today()
    counts: Counter[str] = Counter()
    for deadline in deadlines_due_reminders(today=today):
        # An annotation of deadlines_due_reminders, which the stubs cannot see.
        state = Reminder.State(deadline.reminder_state)  # type: ignore[attr-defined]
        recipients = reminder_recipients(deadline)
        if not recipients:
            counts["skipped"] += 1
            continue
        try:
            reminder = reminder_send(deadline=deadline, state=state, recipients=recipients)
        except ValidationError:
            # An address of the wrong shape: nothing was recorded, so it is tried again next
            # run. The deadline id only: the error may quote the address.
            logger.warning("Reminder for deadline %s not sent: bad address", deadline.pk)
            counts["skipped"] += 1
            continue
        if reminder is not None:
            counts[state] += 1
    run = ReminderRun(
        due_soon=counts[Reminder.State.DUE_SOON],
        overdue=counts[Reminder.State.OVERDUE],
        skipped=counts["skipped"],
    )
    logger.info("Reminders: %s", run.as_dict())
    return run
