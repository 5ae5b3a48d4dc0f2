"""Demo arrangements reproduced from the seed pages (public web pages of providers and LAs).

- Seed 002 is a provider's page listing the LAs it serves ("London Area" and others). It does not
  name itself; seeds 000 (Barnet area) and 004 (Westminster) name Global Mediation for two of the
  listed LAs, with the telephone numbers and email below, so the demo gives the list to
  Global Mediation. (``docs/law.md`` §12 labels seed 002 "KIDS"; the LA list says otherwise.)
- Seed 001 (Livewell Southend) names KIDS SEND Mediation and Disagreement Resolution service for
  Southend, with its published phone, email and website.
- Seed 000 names North Central London as the health commissioner for the Barnet area (the CCG
  became North Central London ICB on 1 July 2022).
"""

from dataclasses import dataclass, field

from sendresolve.tenancy.roles import Role

# Seed 002, exactly as published (the "Rutland Sandwell" typo is two LAs).
SEED_002_LONDON = (
    "Barnet | Barking and Dagenham | Bexley | Brent | Camden | Croydon | City of London | Ealing | "
    "Enfield | Islington | Greenwich | Hammersmith and Fulham | Harrow | Haringey | Havering | "
    "Hillingdon | Kensington and Chelsea | Kingston-upon-Thames | Lambeth | Lewisham | Newham | "
    "Richmond-upon-Thames | Sutton | Southwark | Tower Hamlets | Waltham Forest | Wandsworth | "
    "Westminster"
)
SEED_002_OTHER = (
    "Barnsley | Bedford | Birmingham | Central Bedfordshire | Cheshire East |  Coventry |  Derby|  "
    "Derbyshire |  Hartlepool |  Hertfordshire |  Leicester |  Leicestershire |  Lincolnshire |  "
    "Luton |  Manchester |  Northamptonshire |  North Yorkshire |  Nottingham |  "
    "Nottinghamshire |  "
    "Peterborough |  Redcar and Cleveland | Rutland Sandwell | Shropshire | Staffordshire | "
    "Solihull |  Stockport |  Stoke-on-Trent  |  Trafford |  Wakefield |  Walsall |  "
    "Warwickshire |  Warrington | Wolverhampton | Worcestershire | York"
)

# Names on the seed page that differ from the reference list. Northamptonshire County Council
# was replaced on 1 April 2021 by North and West Northamptonshire.
SEED_NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "Kingston-upon-Thames": ("Kingston upon Thames",),
    "Richmond-upon-Thames": ("Richmond upon Thames",),
    "Rutland Sandwell": ("Rutland", "Sandwell"),
    "Northamptonshire": ("North Northamptonshire", "West Northamptonshire"),
}


def seed_002_names() -> list[str]:
    """Return the reference-list names of every LA that seed 002 lists."""
    names: list[str] = []
    for raw in (SEED_002_LONDON + "|" + SEED_002_OTHER).split("|"):
        name = raw.strip()
        if name:
            names.extend(SEED_NAME_ALIASES.get(name, (name,)))
    return names


@dataclass(frozen=True)
class DemoProvider:
    slug: str
    name: str
    phone: str
    phone_alternative: str
    email: str
    website: str
    local_authority_names: tuple[str, ...]


PROVIDERS = (
    DemoProvider(
        slug="global-mediation",
        name="Global Mediation",
        phone="020 8441 1355",
        phone_alternative="0800 064 448",
        email="sen@globalmediation.co.uk",
        website="",
        local_authority_names=tuple(seed_002_names()),
    ),
    DemoProvider(
        slug="kids",
        name="KIDS SEND Mediation and Disagreement Resolution Service",
        phone="03330 062 835",
        phone_alternative="",
        email="mediationlondon@kids.org.uk",
        website="https://www.kids.org.uk/send-mediation",
        local_authority_names=("Southend-on-Sea",),
    ),
)


@dataclass(frozen=True)
class DemoCommissioningBody:
    ods_code: str
    name: str
    local_authority_names: tuple[str, ...]


COMMISSIONING_BODIES = (
    DemoCommissioningBody(
        ods_code="QMJ",
        name="NHS North Central London Integrated Care Board",
        local_authority_names=("Barnet", "Camden", "Enfield", "Haringey", "Islington"),
    ),
    DemoCommissioningBody(
        ods_code="QH8",
        name="NHS Mid and South Essex Integrated Care Board",
        local_authority_names=("Southend-on-Sea", "Essex", "Thurrock"),
    ),
)

# Councils' SEND team and SENDIASS contacts: tenancy/data/la_send_contacts.csv (its sources).


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    provider_slug: str = ""
    local_authority_name: str = ""
    commissioning_body_ods: str = ""
    extra: dict = field(default_factory=dict)


USERS = (
    DemoUser(
        "adviser@global.demo", "Asha", "Adviser", Role.ADVISER, provider_slug="global-mediation"
    ),
    DemoUser(
        "mediator@global.demo", "Mo", "Mediator", Role.MEDIATOR, provider_slug="global-mediation"
    ),
    DemoUser(
        "coordinator@global.demo",
        "Cara",
        "Coordinator",
        Role.COORDINATOR,
        provider_slug="global-mediation",
    ),
    DemoUser(
        "manager@global.demo",
        "Mina",
        "Manager",
        Role.PROVIDER_MANAGER,
        provider_slug="global-mediation",
    ),
    # Contracts and invoices only: no case content (issue 23).
    DemoUser(
        "finance@global.demo", "Fin", "Finance", Role.FINANCE, provider_slug="global-mediation"
    ),
    DemoUser(
        "officer@barnet.demo", "Lee", "Officer", Role.LA_OFFICER, local_authority_name="Barnet"
    ),
    DemoUser(
        "commissioner@ncl-icb.demo",
        "Hari",
        "Commissioner",
        Role.HEALTH_COMMISSIONER,
        commissioning_body_ods="QMJ",
    ),
    DemoUser("admin@sendresolve.demo", "Ada", "Administrator", Role.ADMINISTRATOR),
    # A second provider and a second LA, so tenancy can be seen working.
    DemoUser("adviser@kids.demo", "Kit", "Adviser", Role.ADVISER, provider_slug="kids"),
    DemoUser(
        "officer@southend.demo",
        "Sam",
        "Officer",
        Role.LA_OFFICER,
        local_authority_name="Southend-on-Sea",
    ),
    # The second provider's manager, who takes its steps in the demo cases.
    DemoUser("manager@kids.demo", "Kay", "Manager", Role.PROVIDER_MANAGER, provider_slug="kids"),
)
