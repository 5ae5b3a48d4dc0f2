"""The advice page, kept once rendered, until the day ends.

The page is a function of the family's answers, today's date, the council's name and contact
details, the providers it commissions that day, and the code and settings. All but the code
and settings go into the key; those are covered because the pages are kept in this process's
own memory (``CACHES["pages"]``), which a deploy starts afresh. A family who reloads or comes
back to the advice then costs one small query and a look-up, not the validation of every
answer, the law core and the GOV.UK templates again.

A kept page is only served for answers that passed validation on the same day for the same
council (the key holds them all), so the view need not validate them again.

The council's contact details for the key are read from the database at most once every
``CONTACTS_KEPT_SECONDS`` per council and process (``contacts_now``), and afresh at once after
this process saves or deletes a council, provider or commission: another server's change shows
within that time. A kept page then costs no query at all.

Keys are an HMAC of those inputs, so no answer can be read from one. The page's CSP nonce is
never kept: the page is stored split where its nonce was and joined with each response's own.
"""

import datetime as dt
import functools
import json
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from sendresolve.core import clock
from sendresolve.tenancy.models import Commission, LocalAuthority, Provider

CACHE = "pages"
KEY_SALT = "sendresolve.public.finder.page_cache"
# What the page shows of the council and its providers (presenters.contacts_for, the council's
# name in the answers): these, in the page's order, are the contacts part of the key.
LOCAL_AUTHORITY_FIELDS = (
    "name",
    "send_team_phone",
    "send_team_email",
    "send_team_url",
    "sendiass_name",
    "sendiass_phone",
    "sendiass_email",
    "sendiass_url",
)
COMMISSION_FIELDS = ("covers_mediation", "covers_disagreement_resolution")
PROVIDER_FIELDS = ("name", "phone", "phone_alternative", "email", "website")

Contacts = tuple  # (LA values, ((commission values + provider values), ...))


def contacts_of(local_authority: LocalAuthority, commissions: Iterable[Commission]) -> Contacts:
    """The key's contacts part for the objects a page is built from."""
    return (
        tuple(getattr(local_authority, f) for f in LOCAL_AUTHORITY_FIELDS),
        tuple(
            tuple(bool(getattr(c, f)) for f in COMMISSION_FIELDS)
            + tuple(getattr(c.provider, f) for f in PROVIDER_FIELDS)
            for c in commissions
        ),
    )


# The council and the commissions in force on a day (as tenancy.selectors.commissions_active_on
# says) with their providers, in the order commissions_for_local_authority gives them.
CONTACTS_SQL = """
SELECT {la_fields}, {commission_fields}, {provider_fields}
FROM {la} la
LEFT JOIN {commission} c ON c.{commission_la} = la.{la_pk}
    AND c.{starts_on} <= %s AND (c.{ends_on} IS NULL OR c.{ends_on} >= %s)
LEFT JOIN {provider} p ON p.{provider_pk} = c.{commission_provider}
WHERE la.{dfe_code} = %s
ORDER BY p.{provider_name}
"""


@functools.cache
def _contacts_sql() -> str:
    """``CONTACTS_SQL`` with the tables' and columns' names: only names from the models' own
    metadata go in; the values are parameters."""
    la, commission, provider = (m._meta for m in (LocalAuthority, Commission, Provider))
    q = connection.ops.quote_name

    def column(meta, field: str) -> str:
        return q(meta.get_field(field).column)

    def listed(meta, alias: str, fields) -> str:
        return ", ".join(f"{alias}.{column(meta, f)}" for f in fields)

    return CONTACTS_SQL.format(
        la_fields=listed(la, "la", LOCAL_AUTHORITY_FIELDS),
        commission_fields=listed(commission, "c", ("id", *COMMISSION_FIELDS)),
        provider_fields=listed(provider, "p", PROVIDER_FIELDS),
        la=q(la.db_table),
        commission=q(commission.db_table),
        provider=q(provider.db_table),
        commission_la=column(commission, "local_authority"),
        commission_provider=column(commission, "provider"),
        la_pk=column(la, la.pk.name),
        provider_pk=column(provider, provider.pk.name),
        starts_on=column(commission, "starts_on"),
        ends_on=column(commission, "ends_on"),
        dfe_code=column(la, "dfe_code"),
        provider_name=column(provider, "name"),
    )


# How long a process trusts the contacts it read for a council, in seconds.
CONTACTS_KEPT_SECONDS = 30
# (dfe_code, day) -> (when read, on the monotonic clock; the contacts then, or None).
_contacts_kept: dict[tuple[str, dt.date], tuple[float, Contacts | None]] = {}
_clock = time.monotonic


def contacts_now(dfe_code: str, *, on: dt.date) -> Contacts | None:
    """The key's contacts part as the database held it at most ``CONTACTS_KEPT_SECONDS``
    ago, or None for no such council (see the module's docstring)."""
    now = _clock()
    kept = _contacts_kept.get((dfe_code, on))
    if kept is not None and now - kept[0] < CONTACTS_KEPT_SECONDS:
        return kept[1]
    contacts = contacts_read(dfe_code, on=on)
    if len(_contacts_kept) > 1000:  # days gone by, or codes no council has
        _contacts_kept.clear()
    _contacts_kept[(dfe_code, on)] = (now, contacts)
    return contacts


def contacts_forget(**kwargs) -> None:
    """Read every council's contacts afresh (a council, provider or commission changed)."""
    _contacts_kept.clear()


def contacts_read(dfe_code: str, *, on: dt.date) -> Contacts | None:
    """The key's contacts part as the database holds it now, or None for no such council.

    The same values as :func:`contacts_of` over ``commissions_for_local_authority``, read in
    one plain query: the ORM's two would cost more than the rest of a kept page's request.
    """
    with connection.cursor() as cursor:
        cursor.execute(_contacts_sql(), [on, on, dfe_code])
        rows = cursor.fetchall()
    if not rows:
        return None
    n_la, n_c = len(LOCAL_AUTHORITY_FIELDS), len(COMMISSION_FIELDS)
    commissions = tuple(
        tuple(bool(v) for v in row[n_la + 1 : n_la + 1 + n_c]) + tuple(row[n_la + 1 + n_c :])
        for row in rows
        if row[n_la] is not None  # no commission: one row, its commission columns empty
    )
    return (tuple(rows[0][:n_la]), commissions)


def advice_key(*, path: str, answers: dict, today: dt.date, contacts: Contacts) -> str:
    """The cache key of the advice page for these inputs."""
    payload = json.dumps(
        [
            path,
            today.isoformat(),
            answers,
            contacts,
            # The advice does not count these yet (law.advise takes none); if it comes to, a
            # changed setting must not find pages made without them.
            [day.isoformat() for day in settings.SENDRESOLVE_EXTRA_BANK_HOLIDAYS],
        ],
        sort_keys=True,
        separators=(",", ":"),
    )
    return "finder-advice:" + salted_hmac(KEY_SALT, payload, algorithm="sha256").hexdigest()


def advice_kept(request: HttpRequest, *, answers: dict, today: dt.date) -> str | None:
    """The kept advice page for these answers today, with this response's nonce, or None.

    A page is kept only for answers that were complete and valid, for the same council and
    day: a kept page found means they still are.
    """
    if counts_school_days(answers):
        return None
    contacts = contacts_now(str(answers.get("council", "")), on=today)
    if contacts is None:
        return None
    key = advice_key(path=request.path, answers=answers, today=today, contacts=contacts)
    parts = caches[CACHE].get(key)
    return None if parts is None else _nonce_of(request).join(parts)


def advice_keep(
    request: HttpRequest, html: str, *, answers: dict, today: dt.date, contacts: Contacts
) -> None:
    """Keep the advice page ``html``, built from these inputs, until midnight in London.

    ``contacts`` are those the page was built from (:func:`contacts_of`), so it can only be
    found by the same ones.
    """
    nonce = _nonce_of(request)
    if not nonce or counts_school_days(answers):
        return  # a page without a nonce would lose the js-enabled script on a later response
    key = advice_key(path=request.path, answers=answers, today=today, contacts=contacts)
    caches[CACHE].set(key, tuple(html.split(nonce)), timeout=_seconds_left_today())


def _nonce_of(request: HttpRequest) -> str:
    """This response's CSP nonce, read as the page template reads it (``config/jinja2.py``
    ``csp_nonce``): reading it is what puts it in the header."""
    nonce = getattr(request, "csp_nonce", None)
    return "" if nonce is None else str(nonce)


def _seconds_left_today() -> int:
    now = clock.now()  # UTC: minus a London time, it counts the real seconds, across DST too
    tomorrow = now.astimezone(clock.LONDON).date() + dt.timedelta(days=1)
    midnight = dt.datetime.combine(tomorrow, dt.time(), clock.LONDON)
    return max(1, int((midnight - now).total_seconds()))


def counts_school_days(answers: dict) -> bool:
    """Pages that count school days are not kept: a council may change its own term dates
    (``schoolterms``) at any time, and they are not part of the key."""
    return bool(answers.get("board_decision"))
