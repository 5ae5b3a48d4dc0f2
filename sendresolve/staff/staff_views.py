"""Staff pages for running a provider's staff (issue 23): the staff list, inviting someone,
one person's page (roles, suspend, reactivate, remove), and the invitation link itself.

Managers and administrators only; anyone else gets 404 (``tenancy.staffing.managed_provider``).
The invitation page is open: its link is the capability. After accepting, the new member of
staff is signed in with their password and sent to set up their authenticator app, the same
second step every staff sign-in uses (``staff.sign_in_views.set_up``).
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sendresolve.core.errors import ValidationError
from sendresolve.staff.case_views import form_render
from sendresolve.staff.decorators import tenant_404
from sendresolve.staff.sign_in_views import step_url
from sendresolve.staff.staff_forms import AcceptForm, InviteForm, RolesForm
from sendresolve.tenancy import staffing
from sendresolve.tenancy.actors import ActorRequest
from sendresolve.tenancy.roles import Role


def _provider(request: ActorRequest):
    return staffing.managed_provider(request.actor, slug=request.GET.get("provider") or None)


@login_required
@require_GET
@tenant_404
def staff_list(request: ActorRequest) -> HttpResponse:
    provider = _provider(request)
    return render(
        request,
        "staff/staff_list.html",
        {"provider": provider, "members": staffing.staff_list(request.actor, provider)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def staff_invite(request: ActorRequest) -> HttpResponse:
    provider = _provider(request)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invite, _ = staffing.staff_invite(
                actor=request.actor,
                provider=provider,
                email=form.cleaned_data["email"],
                roles=form.cleaned_data["roles"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(
                request, f"Invitation sent\nWe emailed an invitation to {invite.email}."
            )
            return redirect("staff:staff-list")
    return form_render(request, "staff/staff_invite.html", form, {"provider": provider})


@login_required
@require_http_methods(["GET", "POST"])
@tenant_404
def staff_member(request: ActorRequest, user_id: int) -> HttpResponse:
    """One person: their roles (a form to change them) and the buttons to suspend, reactivate
    or remove them."""
    provider = _provider(request)
    member = staffing.staff_member(request.actor, provider, user_id)
    form = RolesForm(
        request.POST if request.method == "POST" else None,
        initial={"roles": [role.value for role in member.roles]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            staffing.staff_roles_change(
                actor=request.actor,
                provider=provider,
                user_id=user_id,
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as error:
            form.add_error("roles", str(error))
        else:
            messages.success(request, f"Roles changed\n{member.name}'s roles are changed.")
            return redirect("staff:staff-member", user_id=user_id)
    return form_render(
        request,
        "staff/staff_member.html",
        form,
        {"provider": provider, "member": member, "is_me": user_id == request.user.pk},
    )


STATUS_CHANGES = {
    "suspend": (staffing.staff_suspend, "Suspended", "can no longer sign in"),
    "reactivate": (staffing.staff_reactivate, "Reactivated", "can sign in again"),
    "remove": (staffing.staff_remove, "Removed", "no longer works here"),
}


@login_required
@require_POST
@tenant_404
def staff_status(request: ActorRequest, user_id: int, what: str) -> HttpResponse:
    """Suspend, reactivate or remove someone (a button on their page)."""
    provider = _provider(request)
    member = staffing.staff_member(request.actor, provider, user_id)
    if what not in STATUS_CHANGES:
        return redirect("staff:staff-member", user_id=user_id)
    service, done, meaning = STATUS_CHANGES[what]
    try:
        released = service(actor=request.actor, provider=provider, user_id=user_id)
    except ValidationError as error:
        form = RolesForm(initial={"roles": [role.value for role in member.roles]})
        return render(
            request,
            "staff/staff_member.html",
            {
                "provider": provider,
                "member": member,
                "form": form,
                "status_error": str(error),
                "page_has_errors": True,
                "is_me": user_id == request.user.pk,
            },
            status=400,
        )
    text = f"{done} {member.name}\nThey {meaning}."
    if what in ("suspend", "remove") and released:
        count = len(released)
        text += (
            f"\n{count} open case{'s' if count != 1 else ''} they held "
            f"{'are' if count != 1 else 'is'} now in New and unassigned, to be reassigned."
        )
    messages.success(request, text)
    return redirect("staff:staff-list")


@never_cache
@require_http_methods(["GET", "POST"])
def invite_accept(request: ActorRequest, token: str) -> HttpResponse:
    """The invitation link: name and password, then the authenticator app."""
    try:
        invite = staffing.invite_find(token)
    except staffing.InviteGone as gone:
        return render(
            request,
            "staff/invite_gone.html",
            {"reason": gone.reason, "invite": gone.invite},
            status=410 if gone.reason != "unknown" else 404,
        )
    form = AcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = staffing.invite_accept(
                token=token,
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except staffing.InviteGone as gone:
            return render(
                request,
                "staff/invite_gone.html",
                {"reason": gone.reason, "invite": gone.invite},
                status=410,
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(step_url("staff:sign-in-set-up", reverse("staff:home")))
    roles = " and ".join(Role(role).label.lower() for role in invite.roles)
    return form_render(
        request, "staff/invite_accept.html", form, {"invite": invite, "roles_text": roles}
    )
