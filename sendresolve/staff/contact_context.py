"""What the case page shows of the contact log, the tasks and the council's messages."""

from typing import Any

from sendresolve.cases.contact_selectors import contact_entries_for
from sendresolve.cases.council_inbox import council_notices_sent
from sendresolve.cases.items import CaseItems
from sendresolve.cases.models import Case
from sendresolve.cases.privacy import sees_family_details
from sendresolve.tenancy.actors import Actor


def contacts_context(actor: Actor, case: Case, items: CaseItems) -> dict[str, Any]:
    """The provider's staff see the case's tasks and contact log; an LA or health body's
    officer sees neither (``cases.contact_selectors``), only the messages sent to the LA."""
    own = sees_family_details(actor, case)
    tasks = sorted(items.tasks, key=lambda task: (task.done_on is not None, task.due_on, task.pk))
    return {
        "sees_contact_log": own,
        "contacts": list(contact_entries_for(actor, case)),
        "tasks": tasks if own else [],
        "council_notices": council_notices_sent(case),
    }
