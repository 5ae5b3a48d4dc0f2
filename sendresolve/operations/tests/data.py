"""Data for the backup round trips, run in a separate process against its own database.

``manage.py shell -c "from sendresolve.operations.tests import data; data.seed()"`` and so on:
the round-trip tests need a real file (SQLite) or a throwaway database (PostgreSQL), not the test
database pytest-django gives a test, so these run in the process that owns that database. Each
function prints :func:`snapshot` as JSON on standard output for the test to compare.
"""

import base64
import datetime as dt
import json
import sys
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from sendresolve.audit.models import AuditEvent
from sendresolve.cases import services
from sendresolve.cases.models import Case, CaseDeadline, CaseEvent, Certificate, ConfidentialNote
from sendresolve.cases.tests.factories import open_case
from sendresolve.tenancy.roles import Role
from sendresolve.tenancy.tests.factories import (
    CommissionFactory,
    CommissioningBodyFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    ProviderFactory,
    UserFactory,
)

MODELS = {
    "cases_case": Case,
    "cases_caseevent": CaseEvent,
    "audit_auditevent": AuditEvent,
    "cases_certificate": Certificate,
    "cases_casedeadline": CaseDeadline,
    "cases_confidentialnote": ConfidentialNote,
}


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, bytes | memoryview):
            return {"base64": base64.b64encode(bytes(o)).decode()}
        return super().default(o)


def _world():
    """The parts of the ``world`` fixture (conftest.py) that ``open_case`` uses."""
    provider = ProviderFactory(slug="alpha-mediation", name="Alpha Mediation")
    la = LocalAuthorityFactory(dfe_code="302", gss_code="E09000003", name="Barnet")
    CommissionFactory(provider=provider, local_authority=la, starts_on=dt.date(2023, 4, 1))
    icb = CommissioningBodyFactory(ods_code="QMJ", name="NHS North Central London ICB")
    icb.local_authorities.add(la)
    adviser = UserFactory(username="adviser@alpha.test")
    MembershipFactory(user=adviser, role=Role.ADVISER, provider=provider)
    # Also the provider's manager, as in the ``world`` fixture: the confidential note is a
    # mediation step (``cases.actions.MEDIATION``), which a plain adviser may not record.
    MembershipFactory(user=adviser, role=Role.PROVIDER_MANAGER, provider=provider)
    return SimpleNamespace(provider=provider, local_authority=la, users={"provider_staff": adviser})


def _adviser():
    world = SimpleNamespace(
        provider=ProviderFactory(slug="alpha-mediation"),
        local_authority=LocalAuthorityFactory(dfe_code="302"),
        users={"provider_staff": UserFactory(username="adviser@alpha.test")},
    )
    return world, world.users["provider_staff"]


def triggers() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return sorted(row[0] for row in cursor.fetchall())


def snapshot() -> None:
    """Print every row of the key tables, as value lists in primary-key order, and the triggers."""
    tables = {
        table: list(model._base_manager.order_by("pk").values_list())
        for table, model in MODELS.items()
    }
    json.dump({"tables": tables, "triggers": triggers()}, sys.stdout, cls=_Encoder)


def seed() -> None:
    """A case through to its certificate (a real PDF), and one waiting for the LA."""
    world = _world()
    adviser = world.users["provider_staff"]
    declined = open_case(world, opened_on=dt.date(2024, 3, 5))
    services.advice_give(actor=adviser, case=declined, on=dt.date(2024, 3, 28))
    services.mediation_decline(actor=adviser, case=declined, on=dt.date(2024, 3, 28))
    services.certificate_issue(actor=adviser, case=declined, on=dt.date(2024, 4, 4))

    waiting = open_case(world, opened_on=dt.date(2024, 5, 1), child_name="Jo Example")
    services.advice_give(actor=adviser, case=waiting, on=dt.date(2024, 5, 2))
    services.mediation_request(actor=adviser, case=waiting, on=dt.date(2024, 5, 2))
    services.la_inform(actor=adviser, case=waiting, on=dt.date(2024, 5, 3))
    services.note_add(actor=adviser, case=waiting, text="The family would prefer mornings.")
    snapshot()


def modify() -> None:
    """Change, add and delete rows after the backup, as later work (or an accident) would."""
    world, adviser = _adviser()
    open_case(world, opened_on=dt.date(2024, 6, 3), child_name="Kai Later")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET child_name = %s", ["Overwritten"])
        cursor.execute("UPDATE cases_certificate SET pdf = %s", [b"not a PDF"])
        cursor.execute("DELETE FROM cases_confidentialnote")
    snapshot()
