import datetime as dt
import itertools

from sendresolve.cases.models import CaseDeadline
from sendresolve.notifications.models import OutboxMessage
from sendresolve.reminders.services import FAMILY_TEMPLATE, STAFF_TEMPLATES

REMINDER_TEMPLATES = sorted({*STAFF_TEMPLATES.values(), FAMILY_TEMPLATE})
_keys = itertools.count(1)


def add_deadline(
    case,
    *,
    responsible: str,
    due_on: dt.date,
    deadline_id: str = "test_step",
    title: str = "Do the test step",
    key: str | None = None,
    state: str = CaseDeadline.State.OPEN,
    due_time: str = "",
) -> CaseDeadline:
    """Store a deadline on ``case`` directly, as ``deadlines_recompute`` would."""
    return CaseDeadline.objects.create(
        case=case,
        key=key or f"test:{next(_keys)}",
        deadline_id=deadline_id,
        rule_id="TST-01",
        title=title,
        due_on=due_on,
        due_time=due_time,
        rule="A rule for tests.",
        duty_holder=responsible,
        responsible=responsible,
        verification="C",
        state=state,
    )


def reminder_messages(**filters):
    """Outbox messages sent by the reminder job."""
    return OutboxMessage.objects.filter(template__in=REMINDER_TEMPLATES, **filters)
