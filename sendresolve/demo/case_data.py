"""The demo cases: one or more in every status, across several LAs, some overdue.

Every date is an offset back from the day the demo is seeded, so the work queue always looks
current: an ``int`` is that many calendar days ago, ``WorkingDaysAgo(n)`` is the n-th working day
before today (England), so a statutory 3-working-day limit is missed or not whatever the day.
Sessions are placed on working days, after today for arranged meetings and before it for held
ones.

Every name is invented and every address is ``@example.com``; none is a real person.
"""

from dataclasses import dataclass

from sendresolve.cases.states import Status


@dataclass(frozen=True)
class WorkingDaysAgo:
    count: int


Ago = int | WorkingDaysAgo


@dataclass(frozen=True)
class DemoAction:
    description: str
    owner: str
    clock: str = "non_appealable"
    # For an action with a date agreed in writing: days after the agreement it falls due.
    due_days_after_agreement: int | None = None
    done: Ago | None = None


@dataclass(frozen=True)
class DemoSession:
    mode: str  # in_person, online, telephone
    # Working days from today: positive for an arranged meeting, negative for a held one.
    working_days_from_today: int
    arranged: Ago
    notice_sent: bool = True


@dataclass(frozen=True)
class DemoCase:
    """One demo case and the steps that bring it to ``status``, each with its date.

    ``steps`` are pairs of (step, when). Steps: advice, decline, request, inform, notify_health,
    schedule (uses ``session``), hold, conclude, cannot_arrange, certificate, follow_up,
    complete_actions, close, withdraw. ``hold`` and ``conclude`` take ``None`` for the
    meeting's own day.
    """

    provider: str
    local_authority: str
    child_name: str
    child_age: int
    requester_name: str
    status: Status
    opened: Ago
    issues: tuple[str, ...]
    steps: tuple[tuple[str, Ago | None], ...] = ()
    assignee: str = ""
    requester: str = "parent"
    email: str = ""
    phone: str = ""
    preferred_channel: str = "email"
    decision_description: str = "Decision not to carry out an EHC needs assessment"
    letter_days_before_contact: int = 9
    health_care_in_issue: bool = False
    commissioning_body: str = ""
    session: DemoSession | None = None
    outcomes: tuple[str, ...] = ()
    agreement_text: str = ""
    actions: tuple[DemoAction, ...] = ()
    confidential_note: str = ""
    school: str = ""
    withdraw_reason: str = ""
    note: str = ""  # What the case shows, for readers of this file.


GLOBAL = "global-mediation"
KIDS = "kids"
ADVISER = "adviser@global.demo"
MEDIATOR = "mediator@global.demo"
COORDINATOR = "coordinator@global.demo"
MANAGER = "manager@global.demo"
KIDS_ADVISER = "adviser@kids.demo"

# Mediations, one of each venue kind, for every LA with demo cases. The in-person venues are
# neutral places (not the LA's offices or the school), as the Code of Practice 11.34 expects.
VENUES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Barnet": (
        (
            "Barnet Community Centre, Meeting Room 2",
            "1 Example Parade, London N99 1AA",
            "in_person",
        ),
    ),
    "Westminster": (
        (
            "Westminster Quaker Meeting House, Room 4",
            "2 Example Street, London W99 2BB",
            "in_person",
        ),
    ),
    "Camden": (
        ("Camden Neighbourhood Hub, Garden Room", "3 Example Road, London NW99 3CC", "in_person"),
    ),
    "Birmingham": (
        ("Birmingham Library Meeting Suite 3", "4 Example Square, Birmingham B99 4DD", "in_person"),
    ),
    "Manchester": (
        ("Manchester Friends Centre, Room 1", "5 Example Lane, Manchester M99 5EE", "in_person"),
    ),
    "York": (
        ("York Community House, Meeting Room B", "6 Example Gate, York YO99 6FF", "in_person"),
    ),
    "Southend-on-Sea": (
        ("Southend Community Hub, Room 3", "7 Example Esplanade, Southend SS99 7GG", "in_person"),
    ),
}
REMOTE_VENUES = (
    ("Online video meeting", "A link is sent to each party the day before.", "online"),
    ("Telephone conference call", "The mediator calls each party at the start time.", "telephone"),
)

# The LA officer with authority to agree who takes part in each LA's mediations.
LA_OFFICERS: dict[str, tuple[str, str]] = {
    "Barnet": ("Priya Lanchester", "priya.lanchester@example.com"),
    "Westminster": ("Tom Ferriby", "tom.ferriby@example.com"),
    "Camden": ("Grace Okonedo-Hale", "grace.okonedo-hale@example.com"),
    "Birmingham": ("Imran Wexford", "imran.wexford@example.com"),
    "Manchester": ("Bethany Calder", "bethany.calder@example.com"),
    "York": ("Daniel Rookwood", "daniel.rookwood@example.com"),
    "Southend-on-Sea": ("Shona Beckwith", "shona.beckwith@example.com"),
}
SUPPORTERS: dict[str, str] = {
    "Southend-on-Sea": "Southend SENDIASS",
    "Barnet": "Barnet SENDIASS",
    "Westminster": "Westminster SENDIASS",
}

WD = WorkingDaysAgo


def _mediation(
    opened: int, inform: Ago, *, advice: Ago | None = None, request: Ago | None = None
) -> tuple[tuple[str, Ago | None], ...]:
    """Advice, request and informing the LA, spaced before ``inform`` if not given."""
    return (
        ("advice", advice if advice is not None else opened - 1),
        ("request", request if request is not None else opened - 3),
        ("inform", inform),
    )


CASES: tuple[DemoCase, ...] = (
    # -- enquiry -------------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Barnet",
        "Freya Ashcombe",
        9,
        "Nadia Ashcombe",
        Status.ENQUIRY,
        opened=1,
        issues=("refusal_to_assess",),
        assignee=ADVISER,
        email="nadia.ashcombe@example.com",
    ),
    DemoCase(
        GLOBAL,
        "Manchester",
        "Idris Pennywhistle",
        12,
        "Gareth Pennywhistle",
        Status.ENQUIRY,
        opened=0,
        issues=("plan_provision",),
        phone="07700 900101",
        preferred_channel="sms",
        decision_description="Final EHC plan issued with section F the family disagree with",
    ),
    # -- advice given --------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Westminster",
        "Noor Castellane",
        7,
        "Layla Castellane",
        Status.ADVICE_GIVEN,
        opened=9,
        issues=("plan_needs", "plan_provision"),
        steps=(("advice", 7),),
        assignee=ADVISER,
        email="layla.castellane@example.com",
        decision_description="Final EHC plan: sections B and F",
    ),
    DemoCase(
        GLOBAL,
        "Birmingham",
        "Rory Fenwright",
        11,
        "Claire Fenwright",
        Status.ADVICE_GIVEN,
        opened=6,
        issues=("plan_placement",),
        steps=(("advice", 4),),
        assignee=COORDINATOR,
        email="claire.fenwright@example.com",
        decision_description="Final EHC plan naming a school the family did not ask for",
        note="Placement only: an appeal needs no mediation certificate.",
    ),
    # -- declined ------------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Barnet",
        "Maisie Thornbury",
        6,
        "Joanne Thornbury",
        Status.DECLINED,
        opened=21,
        issues=("refusal_to_assess",),
        steps=(("advice", WD(10)), ("decline", WD(8))),
        assignee=ADVISER,
        email="joanne.thornbury@example.com",
        note="Declined 8 working days ago: the certificate (3 working days) is overdue.",
    ),
    DemoCase(
        GLOBAL,
        "York",
        "Alfie Brackenridge",
        14,
        "Martin Brackenridge",
        Status.DECLINED,
        opened=8,
        issues=("refusal_to_issue_plan",),
        steps=(("advice", 7), ("decline", WD(1))),
        assignee=COORDINATOR,
        email="martin.brackenridge@example.com",
        decision_description="Decision not to issue an EHC plan after assessment",
        note="Declined yesterday: the certificate is due soon.",
    ),
    # -- mediation requested -------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Camden",
        "Esme Goldcrest",
        10,
        "Hannah Goldcrest",
        Status.MEDIATION_REQUESTED,
        opened=5,
        issues=("plan_provision",),
        steps=(("advice", 4), ("request", 2)),
        assignee=ADVISER,
        email="hannah.goldcrest@example.com",
        school="Primrose Lane Primary School",
        decision_description="Final EHC plan: section F",
    ),
    DemoCase(
        GLOBAL,
        "Westminster",
        "Kofi Ambleside",
        15,
        "Abena Ambleside",
        Status.MEDIATION_REQUESTED,
        opened=3,
        issues=("cease_to_maintain",),
        steps=(("advice", 2), ("request", 1)),
        email="abena.ambleside@example.com",
        school="Marylebone Fields Academy",
        decision_description="Decision to cease to maintain the EHC plan",
    ),
    # -- LA informed ---------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Westminster",
        "Harriet Oakenfold",
        17,
        "Harriet Oakenfold",
        Status.LA_INFORMED,
        requester="young_person",
        opened=45,
        issues=("plan_needs", "plan_provision"),
        steps=_mediation(45, 35),
        assignee=COORDINATOR,
        email="harriet.oakenfold@example.com",
        school="Pimlico Sixth Form College",
        decision_description="Final EHC plan: sections B and F",
        note="LA informed 35 days ago and no meeting held: the LA is overdue.",
    ),
    DemoCase(
        GLOBAL,
        "Birmingham",
        "Zain Marlowe",
        8,
        "Samira Marlowe",
        Status.LA_INFORMED,
        opened=32,
        issues=("refusal_to_assess",),
        steps=_mediation(32, 26),
        assignee=COORDINATOR,
        email="samira.marlowe@example.com",
        school="Edgbaston Vale Primary School",
        note="LA informed 26 days ago: the meeting is due within days.",
    ),
    DemoCase(
        GLOBAL,
        "Barnet",
        "Ruby Haverstock",
        13,
        "Olivia Haverstock",
        Status.LA_INFORMED,
        opened=14,
        issues=("plan_health_or_social_care", "plan_provision"),
        steps=(*_mediation(14, 9), ("notify_health", 8)),
        assignee=MEDIATOR,
        email="olivia.haverstock@example.com",
        school="Finchley Brook School",
        health_care_in_issue=True,
        commissioning_body="QMJ",
        decision_description="Final EHC plan: sections F and G (therapies)",
        note="Health care in issue; the ICB was told the next day.",
    ),
    DemoCase(
        GLOBAL,
        "Camden",
        "Theo Wrenfield",
        6,
        "Marcus Wrenfield",
        Status.LA_INFORMED,
        opened=18,
        issues=("plan_health_or_social_care",),
        steps=_mediation(18, WD(6)),
        assignee=ADVISER,
        email="marcus.wrenfield@example.com",
        health_care_in_issue=True,
        commissioning_body="QMJ",
        decision_description="Final EHC plan: section G (occupational therapy)",
        note="Health care in issue and the ICB not told within 3 working days.",
    ),
    # -- arranged ------------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Barnet",
        "Ava Kingsmere",
        10,
        "Rachel Kingsmere",
        Status.ARRANGED,
        opened=28,
        issues=("plan_provision",),
        steps=(*_mediation(28, 20), ("schedule", 12)),
        session=DemoSession("in_person", 5, arranged=12),
        assignee=MEDIATOR,
        email="rachel.kingsmere@example.com",
        school="Whetstone Meadow Primary School",
        decision_description="Final EHC plan: section F",
    ),
    DemoCase(
        GLOBAL,
        "Manchester",
        "Jude Pemberton",
        12,
        "Lucy Pemberton",
        Status.ARRANGED,
        opened=16,
        issues=("refusal_to_reassess",),
        steps=(*_mediation(16, 10), ("schedule", 2)),
        session=DemoSession("online", 9, arranged=2, notice_sent=False),
        assignee=COORDINATOR,
        email="lucy.pemberton@example.com",
        school="Didsbury Park High School",
        decision_description="Decision not to re-assess",
        note="Meeting arranged; the date and place must go to the family soon.",
    ),
    # -- held ----------------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Westminster",
        "Lily Ashworth",
        9,
        "Sophie Ashworth",
        Status.HELD,
        opened=40,
        issues=("plan_needs",),
        steps=(*_mediation(40, 30), ("schedule", 18), ("hold", None)),
        session=DemoSession("in_person", -2, arranged=18),
        assignee=MEDIATOR,
        email="sophie.ashworth@example.com",
        school="St Example's CE Primary School",
        decision_description="Final EHC plan: section B",
    ),
    DemoCase(
        GLOBAL,
        "York",
        "Oscar Fairbairn",
        16,
        "Peter Fairbairn",
        Status.HELD,
        opened=30,
        issues=("refusal_to_amend",),
        steps=(*_mediation(30, 22), ("schedule", 14), ("hold", None)),
        session=DemoSession("telephone", -1, arranged=14),
        assignee=MANAGER,
        email="peter.fairbairn@example.com",
        school="Minster View Academy",
        decision_description="Decision not to amend the EHC plan after the annual review",
    ),
    # -- concluded -----------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Barnet",
        "Elsie Marchbank",
        8,
        "Thomas Marchbank",
        Status.CONCLUDED,
        opened=40,
        issues=("plan_provision", "plan_needs"),
        steps=(
            *_mediation(40, 32),
            ("schedule", 24),
            ("hold", None),
            ("conclude", None),
            ("complete_actions", None),
        ),
        session=DemoSession("in_person", -3, arranged=24),
        outcomes=("partly_agreed", "not_agreed"),
        agreement_text=(
            "The local authority will commission a speech and language therapy assessment and "
            "the school will share its provision map. Section B is not agreed."
        ),
        actions=(
            DemoAction(
                "Speech and language therapist to assess Elsie at school",
                "local_authority",
                clock="agreed_date",
                due_days_after_agreement=1,
            ),
            DemoAction("School to share the provision map with the family", "school", done=WD(1)),
        ),
        confidential_note=(
            "Father would accept the current school if therapy is delivered weekly. "
            "Without prejudice."
        ),
        assignee=MEDIATOR,
        email="thomas.marchbank@example.com",
        school="Mill Hill Example Primary School",
        decision_description="Final EHC plan: sections B and F",
        note="Partly agreed: one action done, the LA's therapy assessment overdue.",
    ),
    DemoCase(
        GLOBAL,
        "Birmingham",
        "Maya Holloway",
        12,
        "Deborah Holloway",
        Status.CONCLUDED,
        opened=35,
        issues=("refusal_to_issue_plan",),
        steps=(*_mediation(35, 28), ("schedule", 20), ("hold", None), ("conclude", None)),
        session=DemoSession("online", -1, arranged=20),
        outcomes=("not_agreed",),
        assignee=MEDIATOR,
        email="deborah.holloway@example.com",
        decision_description="Decision not to issue an EHC plan after assessment",
        note="Concluded yesterday without agreement: the certificate is due soon.",
    ),
    # -- not arranged --------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Barnet",
        "Jacob Underhill",
        7,
        "Fiona Underhill",
        Status.NOT_ARRANGED,
        opened=30,
        issues=("refusal_to_assess",),
        steps=(*_mediation(30, 24), ("cannot_arrange", WD(5))),
        assignee=ADVISER,
        email="fiona.underhill@example.com",
        note="The LA could not arrange it 5 working days ago: the certificate is late.",
    ),
    DemoCase(
        GLOBAL,
        "Manchester",
        "Iris Calloway",
        5,
        "Jennifer Calloway",
        Status.NOT_ARRANGED,
        opened=31,
        issues=("refusal_to_assess",),
        steps=(*_mediation(31, 25), ("cannot_arrange", 0)),
        assignee=COORDINATOR,
        email="jennifer.calloway@example.com",
        note="The LA said today it cannot arrange mediation: certificate due soon.",
    ),
    # -- certificate issued --------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Westminster",
        "Felix Harrowgate",
        13,
        "Miriam Harrowgate",
        Status.CERTIFICATE_ISSUED,
        opened=26,
        issues=("refusal_to_assess",),
        steps=(("advice", 23), ("decline", 20), ("certificate", 18)),
        assignee=COORDINATOR,
        email="miriam.harrowgate@example.com",
    ),
    DemoCase(
        GLOBAL,
        "Birmingham",
        "Sienna Blackthorn",
        15,
        "Karen Blackthorn",
        Status.CERTIFICATE_ISSUED,
        opened=50,
        issues=("plan_placement", "plan_provision"),
        steps=(*_mediation(50, 40), ("cannot_arrange", 12), ("certificate", 10)),
        assignee=MANAGER,
        email="karen.blackthorn@example.com",
        school="Selly Example Secondary School",
        decision_description="Final EHC plan: sections F and I",
    ),
    DemoCase(
        GLOBAL,
        "Camden",
        "Arlo Penhaligon",
        11,
        "Gemma Penhaligon",
        Status.CERTIFICATE_ISSUED,
        opened=45,
        issues=("plan_needs",),
        steps=(
            *_mediation(45, 38),
            ("schedule", 28),
            ("hold", None),
            ("conclude", None),
            ("certificate", 13),
        ),
        session=DemoSession("online", -11, arranged=28),
        outcomes=("not_agreed",),
        assignee=MEDIATOR,
        email="gemma.penhaligon@example.com",
        school="Kentish Example Primary School",
        decision_description="Final EHC plan: section B",
    ),
    # -- follow-up -----------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Barnet",
        "Hazel Winterbourne",
        14,
        "Andrew Winterbourne",
        Status.FOLLOW_UP,
        opened=60,
        issues=("plan_provision", "provision_not_delivered"),
        steps=(
            *_mediation(60, 50),
            ("schedule", 40),
            ("hold", None),
            ("conclude", None),
            ("certificate", 27),
            ("follow_up", 27),
            ("complete_actions", None),
        ),
        session=DemoSession("online", -20, arranged=40),
        outcomes=("partly_agreed", "agreed"),
        agreement_text=(
            "The LA will arrange an educational psychologist's visit, restart the missed "
            "tutoring and amend section F to specify the hours."
        ),
        actions=(
            DemoAction("Educational psychologist to visit school", "local_authority", done=20),
            DemoAction("Restart the missed one-to-one tutoring", "local_authority"),
            DemoAction("Amend section F to specify the hours", "local_authority", "amend_plan"),
        ),
        confidential_note="Mother willing to accept a phased return. Without prejudice.",
        assignee=MANAGER,
        email="andrew.winterbourne@example.com",
        school="Totteridge Example Academy",
        decision_description="Final EHC plan: section F, and provision not delivered",
        note="Following up: the tutoring (2 weeks) is overdue from the LA.",
    ),
    # -- closed --------------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Manchester",
        "Leo Fairweather",
        9,
        "Simon Fairweather",
        Status.CLOSED,
        opened=90,
        issues=("refusal_to_assess",),
        steps=(("advice", 88), ("decline", 80), ("certificate", 78), ("close", 60)),
        assignee=ADVISER,
        email="simon.fairweather@example.com",
    ),
    DemoCase(
        GLOBAL,
        "York",
        "Poppy Larkspur",
        10,
        "Eleanor Larkspur",
        Status.CLOSED,
        opened=110,
        issues=("plan_provision",),
        steps=(
            *_mediation(110, 100),
            ("schedule", 90),
            ("hold", None),
            ("conclude", None),
            ("certificate", 78),
            ("follow_up", 78),
            ("complete_actions", None),
            ("close", 60),
        ),
        session=DemoSession("in_person", -56, arranged=90),
        outcomes=("agreed",),
        agreement_text="The LA will fund a teaching assistant for 15 hours a week.",
        actions=(DemoAction("Amend section F to 15 hours", "local_authority", done=70),),
        assignee=MANAGER,
        email="eleanor.larkspur@example.com",
        school="Example Road Primary School, York",
        decision_description="Final EHC plan: section F",
    ),
    # -- withdrawn -----------------------------------------------------------------------------
    DemoCase(
        GLOBAL,
        "Westminster",
        "Ezra Dunmore",
        6,
        "Ruth Dunmore",
        Status.WITHDRAWN,
        opened=28,
        issues=("refusal_to_assess",),
        steps=(*_mediation(28, 20), ("withdraw", 5)),
        assignee=COORDINATOR,
        email="ruth.dunmore@example.com",
        withdraw_reason="The LA agreed to assess after all.",
    ),
    # -- KIDS in Southend ----------------------------------------------------------------------
    DemoCase(
        KIDS,
        "Southend-on-Sea",
        "Willow Saltmarsh",
        9,
        "Chloe Saltmarsh",
        Status.LA_INFORMED,
        opened=18,
        issues=("refusal_to_assess",),
        steps=_mediation(18, 12),
        assignee=KIDS_ADVISER,
        email="chloe.saltmarsh@example.com",
        school="Leigh Example Primary School",
    ),
    DemoCase(
        KIDS,
        "Southend-on-Sea",
        "Mabel Pierhead",
        12,
        "Yusuf Pierhead",
        Status.ARRANGED,
        opened=24,
        issues=("plan_provision",),
        steps=(*_mediation(24, 18), ("schedule", 6)),
        session=DemoSession("in_person", 6, arranged=6),
        assignee=KIDS_ADVISER,
        email="yusuf.pierhead@example.com",
        school="Westcliff Example Academy",
        decision_description="Final EHC plan: section F",
    ),
    DemoCase(
        KIDS,
        "Southend-on-Sea",
        "Finley Shorecross",
        7,
        "Amy Shorecross",
        Status.CERTIFICATE_ISSUED,
        opened=20,
        issues=("refusal_to_assess",),
        steps=(("advice", 18), ("decline", 16), ("certificate", 15)),
        assignee=KIDS_ADVISER,
        email="amy.shorecross@example.com",
    ),
)
