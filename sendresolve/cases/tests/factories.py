import datetime as dt

from sendresolve.cases import services
from sendresolve.cases.services import IssueInput


def open_case(
    world,
    *,
    actor=None,
    opened_on=dt.date(2024, 3, 5),
    subjects=("refusal_to_assess",),
    decision_letter_date=dt.date(2024, 3, 1),
    **extra,
):
    """Open a case for the world's provider and LA through the real service."""
    values = {
        "child_name": "Sam Example",
        "requester": "parent",
        "requester_name": "Alex Example",
        "email": "alex@example.test",
        "decision_description": "Decision not to carry out an EHC needs assessment",
    }
    values.update(extra)
    return services.case_open(
        actor=actor or world.users["provider_staff"],
        provider=world.provider,
        local_authority=world.local_authority,
        issues=[IssueInput(subject=s) for s in subjects],
        opened_on=opened_on,
        decision_letter_date=decision_letter_date,
        **values,
    )
