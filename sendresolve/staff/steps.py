"""How the staff pages name a case's step (a case event), for undoing it (issue 18)."""

from typing import Any

from sendresolve.cases.states import Status
from sendresolve.law.dates import long_date


def step_lead(event: Any) -> str:
    """The sentence that names the step being undone on its page, and where the case goes."""
    by = ""
    if event.actor is not None:
        by = f" by {event.actor.get_full_name() or event.actor.get_username()}"
    back = Status(event.from_status).label.lower() if event.from_status in Status.values else ""
    return (
        f"The last step: “{event.get_type_display()}” on {long_date(event.occurred_on)}"
        f", recorded{by}. Undoing it puts the case back to “{back}”."
    )
