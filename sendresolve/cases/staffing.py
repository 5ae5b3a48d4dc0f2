"""What removing a member of staff does to the cases they hold (issue 23, ``tenancy.staffing``).

Their open cases at the provider lose their assignee, each through ``case_assign`` (so each
case's timeline and the audit trail say so), and so show in the coordinator's "New and
unassigned" list (``selectors.triage_cases``) to be reassigned.
"""

from django.contrib.auth.models import User

from sendresolve.cases.models import Case
from sendresolve.cases.services import case_assign
from sendresolve.cases.states import OPEN
from sendresolve.tenancy.actors import Who
from sendresolve.tenancy.models import Provider


def cases_release(*, actor: Who, provider: Provider, user: User) -> list[int]:
    """Unassign the user's open cases at the provider; return their ids."""
    released = []
    for case in Case.objects.filter(provider=provider, assigned_to=user, status__in=OPEN):
        case_assign(actor=actor, case=case, assignee=None)
        released.append(case.pk)
    return released
