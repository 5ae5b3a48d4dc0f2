"""Turn the law core's advice and the council's contacts into an :class:`AdviceDocument`."""

import datetime as dt

from sendresolve import law
from sendresolve.core.external_links import TRIBUNAL_APPEAL_FORM, TRIBUNAL_GUIDANCE, TRIBUNAL_HOME
from sendresolve.documents.advice import AdviceDeadline, AdviceDocument, AdviceRoute, Contact
from sendresolve.public.wording import NO_LETTER_NEXT
from sendresolve.tenancy.models import LocalAuthority

TITLE = "What you can do about your disagreement"
TRIBUNAL_ROUTES = {
    "tribunal_appeal",
    "tribunal_recommendations",
    "disability_discrimination_claim",
    "tribunal_decision_challenge",
}
# Published by HM Courts and Tribunals Service (seed 000, the Barnet local offer page).
TRIBUNAL = Contact(
    name="First-tier Tribunal (Special Educational Needs and Disability)",
    description="Also called the SEND Tribunal. It is an independent court that hears appeals "
    "about EHC plans and claims of disability discrimination against schools.",
    phone="01325 289 350",
    kind="tribunal",
    links=(
        ("The tribunal's page on GOV.UK", TRIBUNAL_HOME),
        ("Appeal form SEND35, with notes on how to fill it in", TRIBUNAL_APPEAL_FORM),
        ("How to appeal to the tribunal: guidance on GOV.UK", TRIBUNAL_GUIDANCE),
    ),
)
# The routes a family can ask for online here, in the order to start with; the route ids are
# also ``OnlineRequest`` values.
ONLINE_ROUTES = ("mediation_advice", "mediation", "disagreement_resolution")
MEDIATION_ROUTES = frozenset({"mediation_advice", "mediation"})
CERTIFICATE_TEXT = {
    True: "You need a mediation certificate before you can appeal to the tribunal. A mediation "
    "adviser gives you one, whether or not you choose to try mediation.",
    False: "You do not need a mediation certificate before you go to the tribunal about this. "
    "You can still ask for mediation if you want to.",
    None: "You do not need a mediation certificate for the ways shown here, because none of "
    "them is an appeal to the tribunal.",
}


def _deadline_title(deadline: dict) -> str:
    try:
        return law.time_limit(deadline["rule_id"]).title
    except (KeyError, LookupError):
        return deadline["id"].replace("_", " ").capitalize()


def _due_time(value: str | None) -> str:
    if not value:
        return ""
    hour, minute = (int(part) for part in value.split(":"))
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{suffix}" if minute == 0 else f"{hour}:{minute:02d}{suffix}"


def contacts_for(local_authority: LocalAuthority, commissions, *, tribunal: bool) -> list[Contact]:
    """The commissioned providers, the council's SEND team, SENDIASS and (if relevant) the
    tribunal, as recorded in the tenancy data."""
    la = local_authority
    contacts = []
    for commission in commissions:
        provider = commission.provider
        services = [
            name
            for name, covered in (
                ("mediation and mediation advice", commission.covers_mediation),
                ("disagreement resolution", commission.covers_disagreement_resolution),
            )
            if covered
        ]
        phones = " or ".join(p for p in (provider.phone, provider.phone_alternative) if p)
        contacts.append(
            Contact(
                name=provider.name,
                description=f"Runs {' and '.join(services)} for {la.name}. It is independent "
                "of the council and free to use.",
                phone=phones,
                email=provider.email,
                website=provider.website,
                kind="provider",
            )
        )
    if la.send_team_phone or la.send_team_email or la.send_team_url:
        contacts.append(
            Contact(
                name=f"{la.name} council SEND team",
                description="The council team that deals with EHC needs assessments and plans.",
                phone=la.send_team_phone,
                email=la.send_team_email,
                website=la.send_team_url,
                kind="send_team",
            )
        )
    if la.sendiass_name:
        contacts.append(
            Contact(
                name=la.sendiass_name,
                description="Your local SENDIASS (special educational needs and disabilities "
                "information, advice and support service). It gives free, independent advice.",
                phone=la.sendiass_phone,
                email=la.sendiass_email,
                website=la.sendiass_url,
                kind="sendiass",
            )
        )
    if tribunal:
        contacts.append(TRIBUNAL)
    return contacts


def online_requests(route_ids, commissions) -> tuple[tuple[str, str], ...]:
    """What the family can ask for online here, for the routes open to them: (request, the
    provider's name). Mediation advice comes before mediation, and only one of them is
    offered: the adviser explains mediation too."""
    offered = []
    for route_id in ONLINE_ROUTES:
        if route_id not in route_ids:
            continue
        if route_id == "mediation" and "mediation_advice" in route_ids:
            continue
        covers = (
            "covers_disagreement_resolution"
            if route_id not in MEDIATION_ROUTES
            else ("covers_mediation")
        )
        provider = next((c.provider for c in commissions if getattr(c, covers)), None)
        if provider is not None:
            offered.append((route_id, provider.name))
    return tuple(offered)


def advice_document(
    advice: dict,
    *,
    local_authority: LocalAuthority,
    commissions,
    answers: list[tuple[str, str]],
    made_on: dt.date,
    no_letter: bool = False,
) -> AdviceDocument:
    """Everything the advice page and its PDF show."""
    routes = tuple(
        AdviceRoute(r["id"], r["title"], r["why"], tuple(r["legal_basis"]))
        for r in advice["routes"]
    )
    deadlines = tuple(
        AdviceDeadline(
            id=d["id"],
            title=_deadline_title(d),
            date=dt.date.fromisoformat(d["date"]),
            rule=d["rule"],
            legal_basis=tuple(d["legal_basis"]),
            due_time=_due_time(d.get("due_time")),
            practical_date=dt.date.fromisoformat(d["practical_date"])
            if d.get("practical_date")
            else None,
        )
        for d in advice["deadlines"]
    )
    commissions = list(commissions)
    tribunal = any(route.id in TRIBUNAL_ROUTES for route in routes)
    no_provider = (
        ""
        if commissions
        else f"We do not have details of the mediation service for {local_authority.name} yet, "
        "so you cannot ask for it online here. You can ask by phone or email instead: the "
        "council's decision letter must tell you who the mediation adviser is, so contact them "
        "and say you want mediation advice. If you cannot find it, phone or email the council's "
        "SEND team and ask who the mediation adviser is. Your local SENDIASS can help too."
    )
    return AdviceDocument(
        title=TITLE,
        made_on=made_on,
        local_authority_name=local_authority.name,
        answers=tuple(answers),
        routes=routes,
        deadlines=deadlines,
        certificate_required=advice["mediation_certificate_required"],
        certificate_text=CERTIFICATE_TEXT[advice["mediation_certificate_required"]],
        warnings=tuple(advice["warnings"]),
        contacts=tuple(contacts_for(local_authority, commissions, tribunal=tribunal)),
        no_provider_text=no_provider,
        online_requests=online_requests({route.id for route in routes}, commissions),
        no_letter_text=NO_LETTER_NEXT if no_letter else "",
    )
