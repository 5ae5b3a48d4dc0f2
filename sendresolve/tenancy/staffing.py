"""A provider runs its own staff (issue 23): invitations, roles, suspension and removal.

Only the provider's managers (and administrators) may do any of this; anyone else is answered
``NotFound``, as for another tenant's objects. Every write is one service here, in a
transaction, recording one audit event; reads are the ``staff_*`` selectors below.

- An invitation is a single-use link that expires (``INVITE_DAYS``). Only a SHA-256 hash of its
  token is stored, so a copy of the table cannot accept one.
- A suspended person cannot sign in (their user is switched off when they hold no other active
  membership) and their sessions end at once; reactivating restores both.
- A removed person's memberships end (kept for the record), and their open cases at the provider
  lose their assignee, so the cases show in the coordinator's "New and unassigned" list.
- The provider always keeps one active manager: the last one cannot be demoted, suspended or
  removed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendresolve.audit.services import audit_record
from sendresolve.cases.staffing import cases_release
from sendresolve.core import clock
from sendresolve.core.errors import NotFound, ValidationError
from sendresolve.law.dates import long_date
from sendresolve.notifications.models import Channel
from sendresolve.notifications.services import message_send
from sendresolve.tenancy.actors import Who, as_actor, user_of
from sendresolve.tenancy.models import Membership, Provider, StaffInvite
from sendresolve.tenancy.roles import PROVIDER_ORGANISATION_ROLES, Role

INVITE_DAYS = 7
REPEAT_WINDOW = dt.timedelta(minutes=10)
MAX_ID = 2**63 - 1  # a bigger user id overflows the database driver: no one has it
# The roles a manager may give, in the order the pages list them.
STAFF_ROLES = (
    Role.ADVISER,
    Role.MEDIATOR,
    Role.COORDINATOR,
    Role.PROVIDER_MANAGER,
    Role.FINANCE,
)


class InviteGone(Exception):
    """The invitation cannot be used: ``reason`` is "used", "expired" or "unknown"."""

    def __init__(self, reason: str, invite: StaffInvite | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invite = invite


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- reads ---------------------------------------------------------------------------------------


def manages(who: Who, provider: Provider) -> bool:
    """Whether the actor may run the provider's staff: its managers and administrators."""
    actor = as_actor(who)
    return actor.is_global or Role.PROVIDER_MANAGER in actor.provider_roles_for(provider.pk)


def manages_any(who: Who) -> bool:
    """Whether the actor manages some provider's staff (the staff pages' "Staff" link)."""
    actor = as_actor(who)
    return any(m.role == Role.PROVIDER_MANAGER for m in actor.memberships)


def managed_provider(who: Who, *, slug: str | None = None) -> Provider:
    """The provider whose staff the actor runs (the named one, or their first), or NotFound."""
    actor = as_actor(who)
    providers = Provider.objects.order_by("name")
    if not actor.is_global:
        ids = [
            m.provider_id
            for m in actor.memberships
            if m.role == Role.PROVIDER_MANAGER and m.provider_id is not None
        ]
        providers = providers.filter(pk__in=ids)
    provider = providers.filter(slug=slug).first() if slug else providers.first()
    if provider is None:
        raise NotFound("No provider whose staff this user manages.")
    return provider


@dataclass(frozen=True)
class StaffMember:
    """One person on a provider's staff, as the staff list shows them."""

    user: User
    roles: tuple[Role, ...]
    status: str  # "active", "suspended" or "removed"
    last_sign_in: dt.datetime | None
    two_factor: bool

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def role_labels(self) -> str:
        return ", ".join(role.label for role in self.roles)


def staff_list(who: Who, provider: Provider) -> list[StaffMember]:
    """The provider's staff, by name, with their roles and status (managers only)."""
    if not manages(who, provider):
        raise NotFound("No such provider.")
    memberships = (
        Membership.objects.filter(provider=provider, role__in=sorted(PROVIDER_ORGANISATION_ROLES))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "role")
    )
    by_user: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)
    enrolled = set(
        TOTPDevice.objects.filter(user_id__in=list(by_user), confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return [_member(kept, kept[0].user.pk in enrolled) for kept in by_user.values()]


def _member(memberships: list[Membership], two_factor: bool) -> StaffMember:
    user = memberships[0].user
    active = [m for m in memberships if m.is_active]
    suspended = [m for m in memberships if m.suspended_at and not m.ended_at]
    shown = active or suspended or memberships
    status = "active" if active else "suspended" if suspended else "removed"
    roles = tuple(role for role in STAFF_ROLES if any(m.role == role for m in shown))
    return StaffMember(
        user=user,
        roles=roles,
        status=status,
        last_sign_in=user.last_login,
        two_factor=two_factor,
    )


def staff_member(who: Who, provider: Provider, user_id: int) -> StaffMember:
    """One person on the provider's staff, or NotFound."""
    for member in staff_list(who, provider):
        if member.user.pk == user_id:
            return member
    raise NotFound("No such member of staff.")


def invite_find(token: str) -> StaffInvite:
    """The invitation a link's token opens, or ``InviteGone`` saying why it cannot be used."""
    invite = (
        StaffInvite.objects.select_related("provider").filter(token_hash=token_hash(token)).first()
    )
    if invite is None:
        raise InviteGone("unknown")
    if invite.accepted_at is not None:
        raise InviteGone("used", invite)
    if invite.expires_at <= clock.now():
        raise InviteGone("expired", invite)
    return invite


# -- writes --------------------------------------------------------------------------------------


def _roles(roles: list[str] | tuple[str, ...]) -> list[Role]:
    chosen = [Role(role) for role in STAFF_ROLES if role in set(roles)]
    if not roles or len(chosen) != len(set(roles)):
        raise ValidationError("Choose at least one role.", field="roles")
    return chosen


def _require_manager(actor: Who, provider: Provider) -> None:
    if not manages(actor, provider):
        raise NotFound("No such provider.")


@transaction.atomic
def staff_invite(
    *, actor: Who, provider: Provider, email: str, roles: list[str], base_url: str = ""
) -> tuple[StaffInvite, str | None]:
    """Invite ``email`` to the provider's staff in ``roles``; email them a single-use link.

    Returns the invitation and its token (the only place it is ever known in clear). The same
    invitation sent again within ``REPEAT_WINDOW`` (a double click, a retried API call) is
    answered with the first, and no second email: its token is then None.
    """
    _require_manager(actor, provider)
    email = email.strip().lower()
    try:
        validate_email(email)
    except DjangoValidationError:
        raise ValidationError(
            "Enter an email address in the correct format, like name@example.com",
            field="email",
        ) from None
    chosen = _roles(roles)
    if get_user_model().objects.filter(username__iexact=email).exists():
        raise ValidationError(
            "This email address already has an account. Ask an administrator to add the role.",
            field="email",
        )
    repeated = (
        StaffInvite.objects.filter(
            provider=provider,
            email=email,
            accepted_at__isnull=True,
            created_at__gte=clock.now() - REPEAT_WINDOW,
        )
        .order_by("-created_at")
        .first()
    )
    if repeated is not None and repeated.roles == [role.value for role in chosen]:
        return repeated, None
    token = secrets.token_urlsafe(32)
    invite = StaffInvite.objects.create(
        provider=provider,
        email=email,
        roles=[role.value for role in chosen],
        token_hash=token_hash(token),
        invited_by=user_of(actor),
        expires_at=clock.now() + dt.timedelta(days=INVITE_DAYS),
    )
    inviter = user_of(actor)
    base = base_url or settings.SENDRESOLVE_BASE_URL
    message_send(
        template="staff_invite",
        to=email,
        channel=Channel.EMAIL,
        personalisation={
            "provider_name": provider.name,
            "inviter_name": (inviter.get_full_name() or inviter.get_username())
            if inviter
            else provider.name,
            "roles": " and ".join(role.label.lower() for role in chosen),
            "invite_link": base.rstrip("/") + reverse("staff:invite-accept", args=[token]),
            "expires_on": long_date(invite.expires_at.astimezone(clock.LONDON).date()),
        },
        provider=provider,
    )
    audit_record(
        actor=actor,
        action="staff.invite",
        target=invite,
        provider=provider,
        detail={"roles": invite.roles, "expires_at": invite.expires_at.isoformat()},
    )
    return invite, token


@transaction.atomic
def invite_accept(*, token: str, password: str, first_name: str, last_name: str) -> User:
    """Accept an invitation: make the account with its roles and password (Django's
    validators). The invitation is used up; the caller signs the new user in, and their first
    sign-in sets up their authenticator app (``staff.two_factor``)."""
    invite = invite_find(token)
    invite = StaffInvite.objects.select_for_update().get(pk=invite.pk)
    if invite.accepted_at is not None:
        raise InviteGone("used", invite)
    if not first_name.strip() or not last_name.strip():
        raise ValidationError("Enter your full name.", field="first_name")
    user = get_user_model()(
        username=invite.email,
        email=invite.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationError(" ".join(error.messages), field="password") from None
    if get_user_model().objects.filter(username__iexact=invite.email).exists():
        raise InviteGone("used", invite)
    user.set_password(password)
    user.save()
    for role in invite.roles:
        Membership.objects.create(user=user, role=role, provider=invite.provider)
    invite.accepted_at = clock.now()
    invite.accepted_by = user
    invite.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="staff.invite.accept",
        target=invite,
        provider=invite.provider,
        detail={"user_id": user.pk, "roles": invite.roles},
    )
    return user


def _managers_left(provider: Provider, *, without: User) -> int:
    return (
        Membership.objects.filter(
            provider=provider, role=Role.PROVIDER_MANAGER, is_active=True, user__is_active=True
        )
        .exclude(user=without)
        .count()
    )


def _guard_last_manager(provider: Provider, user: User) -> None:
    is_manager = Membership.objects.filter(
        provider=provider, user=user, role=Role.PROVIDER_MANAGER, is_active=True
    ).exists()
    if is_manager and _managers_left(provider, without=user) == 0:
        raise ValidationError(
            f"{user.get_full_name() or user.get_username()} is {provider.name}'s only "
            "manager. Make someone else a manager first.",
            field="roles",
        )


def _memberships(provider: Provider, user_id: int) -> list[Membership]:
    if not 0 < user_id <= MAX_ID:
        raise NotFound("No such member of staff.")
    kept = list(
        Membership.objects.select_for_update()
        .filter(provider=provider, user_id=user_id, role__in=sorted(PROVIDER_ORGANISATION_ROLES))
        .select_related("user")
    )
    if not kept:
        raise NotFound("No such member of staff.")
    return kept


@transaction.atomic
def staff_roles_change(
    *, actor: Who, provider: Provider, user_id: int, roles: list[str]
) -> list[Role]:
    """Give a member of staff exactly ``roles`` at the provider (their other roles end)."""
    _require_manager(actor, provider)
    chosen = _roles(roles)
    kept = _memberships(provider, user_id)
    user = kept[0].user
    if any(m.ended_at for m in kept) and not any(m.is_active or m.suspended_at for m in kept):
        raise ValidationError("This person was removed. Invite them again.", field="roles")
    if Role.PROVIDER_MANAGER not in chosen:
        _guard_last_manager(provider, user)
    suspended = any(m.suspended_at for m in kept if not m.is_active and not m.ended_at)
    before = sorted(m.role for m in kept if m.is_active or (suspended and m.suspended_at))
    by_role = {m.role: m for m in kept}
    now = clock.now()
    for role in chosen:
        membership = by_role.get(role.value)
        if membership is None:
            membership = Membership(user=user, role=role, provider=provider)
        membership.is_active = not suspended
        membership.suspended_at = now if suspended else None
        membership.ended_at = None
        membership.save()
    for membership in kept:
        if membership.role not in {role.value for role in chosen} and not membership.ended_at:
            _end(membership, now)
    after = sorted(role.value for role in chosen)
    audit_record(
        actor=actor,
        action="staff.roles.change",
        target=user,
        provider=provider,
        detail={"user_id": user.pk, "before": before, "after": after},
    )
    return chosen


def _end(membership: Membership, now: dt.datetime) -> None:
    """End a membership: no powers, kept for the record."""
    membership.is_active = False
    membership.suspended_at = None
    membership.ended_at = now
    membership.save(update_fields=["is_active", "suspended_at", "ended_at"])


def sessions_end(user: User) -> int:
    """End every session the user has (cached database sessions: through the session store)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _switch_off_if_nothing_else(user: User) -> None:
    """Switch the user off when no active membership is left anywhere, so they cannot sign in."""
    if not Membership.objects.filter(user=user, is_active=True).exists():
        user.is_active = False
        user.save(update_fields=["is_active"])


@transaction.atomic
def staff_suspend(*, actor: Who, provider: Provider, user_id: int) -> list[int]:
    """Suspend a member of staff: no powers at the provider, no sign-in, sessions ended; their
    open cases at the provider are unassigned for the coordinator to reassign (returned)."""
    _require_manager(actor, provider)
    kept = _memberships(provider, user_id)
    user = kept[0].user
    active = [m for m in kept if m.is_active]
    if not active:
        raise ValidationError("This person is not active.", field="user")
    _guard_last_manager(provider, user)
    now = clock.now()
    for membership in active:
        membership.is_active = False
        membership.suspended_at = now
        membership.save(update_fields=["is_active", "suspended_at"])
    released = cases_release(actor=actor, provider=provider, user=user)
    _switch_off_if_nothing_else(user)
    ended = sessions_end(user)
    audit_record(
        actor=actor,
        action="staff.suspend",
        target=user,
        provider=provider,
        detail={"user_id": user.pk, "cases_unassigned": released, "sessions_ended": ended},
    )
    return released


@transaction.atomic
def staff_reactivate(*, actor: Who, provider: Provider, user_id: int) -> None:
    """Give a suspended member of staff their roles back; they can sign in again."""
    _require_manager(actor, provider)
    kept = _memberships(provider, user_id)
    user = kept[0].user
    suspended = [m for m in kept if m.suspended_at and not m.ended_at]
    if not suspended:
        raise ValidationError("This person is not suspended.", field="user")
    for membership in suspended:
        membership.is_active = True
        membership.suspended_at = None
        membership.save(update_fields=["is_active", "suspended_at"])
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="staff.reactivate",
        target=user,
        provider=provider,
        detail={"user_id": user.pk},
    )


@transaction.atomic
def staff_remove(*, actor: Who, provider: Provider, user_id: int) -> list[int]:
    """Remove a member of staff: their memberships end, their sessions end, and their open
    cases at the provider are unassigned for the coordinator to reassign (returned, by id)."""
    _require_manager(actor, provider)
    kept = _memberships(provider, user_id)
    user = kept[0].user
    current = [m for m in kept if not m.ended_at]
    if not current:
        raise ValidationError("This person was removed already.", field="user")
    _guard_last_manager(provider, user)
    now = clock.now()
    for membership in current:
        _end(membership, now)
    released = cases_release(actor=actor, provider=provider, user=user)
    _switch_off_if_nothing_else(user)
    ended = sessions_end(user)
    audit_record(
        actor=actor,
        action="staff.remove",
        target=user,
        provider=provider,
        detail={"user_id": user.pk, "cases_unassigned": released, "sessions_ended": ended},
    )
    return released
