"""The reg 32 paragraph of a decision letter, for Barnet as the demo seeds it (Global Mediation).

SEND Regulations 2014 reg 32 lists what the letter must state: (a) the right to mediation,
(b) the certificate requirement, (c) the mediation adviser's contact details, (d) the time
limits, (e) what to tell the local authority, (f) the local authority's contact.
"""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sendresolve.cases.vocabulary import APPEALABLE_SUBJECTS
from sendresolve.core.errors import ValidationError
from sendresolve.demo.data import PROVIDERS
from sendresolve.documents.decision_letter import (
    DECISION_KINDS,
    NoMediationProvider,
    decision_letter_for,
    legal_basis,
    letter_sections,
    render_decision_letter_html,
    render_decision_letter_pdf,
    render_decision_letter_text,
)
from sendresolve.documents.tests.test_certificates import pdf_text, structure_types
from sendresolve.tenancy.tests.factories import (
    CommissionFactory,
    LocalAuthorityFactory,
    ProviderFactory,
)

GLOBAL = next(p for p in PROVIDERS if p.slug == "global-mediation")
LETTER_DATE = dt.date(2024, 1, 31)  # law.md §10.2, worked example A


@pytest.fixture
def barnet(db):
    la = LocalAuthorityFactory(
        dfe_code="302",
        gss_code="E09000003",
        name="Barnet",
        region="London",
        send_team_phone="020 7946 0302",
        send_team_email="send@barnet.example",
    )
    provider = ProviderFactory(
        slug=GLOBAL.slug,
        name=GLOBAL.name,
        phone=GLOBAL.phone,
        phone_alternative=GLOBAL.phone_alternative,
        email=GLOBAL.email,
        website=GLOBAL.website,
    )
    CommissionFactory(provider=provider, local_authority=la, starts_on=dt.date(2023, 4, 1))
    return la


def letter_for(la, decision="plan_contents", day=LETTER_DATE, **contact):
    return decision_letter_for(local_authority=la, letter_date=day, decision=decision, **contact)


def section_text(letter) -> dict[str, str]:
    """Each reg 32 element's wording, by its paragraph letter."""
    return {
        s.key: " ".join((s.heading, *s.paragraphs, *s.items, *s.contact, *s.after))
        for s in letter_sections(letter)
    }


def test_decision_kinds_cover_exactly_the_appealable_subjects():
    subjects = set().union(*(kind.subjects for kind in DECISION_KINDS.values()))

    assert subjects == APPEALABLE_SUBJECTS
    assert [k for k, kind in DECISION_KINDS.items() if not kind.certificate_required] == [
        "plan_placement"
    ]


def test_paragraph_has_every_reg_32_element_in_order(barnet):
    sections = letter_sections(letter_for(barnet))

    assert [s.key for s in sections] == ["a", "b", "c", "d", "e", "f"]


def test_a_right_to_mediation_about_education_health_and_social_care(barnet):
    text = section_text(letter_for(barnet))["a"]

    assert "You can ask for mediation about this decision" in text
    assert "independent mediator" in text
    assert "education, health care and social care" in text


def test_b_certificate_needed_with_the_section_i_exemption(barnet):
    text = section_text(letter_for(barnet))["b"]

    assert "SEND Tribunal" in text
    assert "Before you can appeal, you need a mediation certificate" in text
    assert "whether or not you decide to try mediation" in text
    assert (
        "You do not need a certificate if your appeal is only about the school or college "
        "named in section I of an EHC plan, or that none is named." in text
    )


def test_c_mediation_adviser_is_the_provider_barnet_commissions(barnet):
    text = section_text(letter_for(barnet))["c"]

    assert "The mediation adviser for Barnet is Global Mediation" in text
    assert "independent of the local authority" in text
    assert "Phone: 020 8441 1355 or 0800 064 448" in text
    assert "Email: sen@globalmediation.co.uk" in text
    assert "Website" not in text  # none is published for Global Mediation


def test_d_time_limits_for_a_letter_dated_31_january_2024(barnet):
    items = letter_sections(letter_for(barnet))[3].items

    assert items == (
        "Contact the mediation adviser by Sunday 31 March 2024, which is 2 months after the "
        "date of this letter. Tell them you want to appeal and whether you want mediation. "
        "That day is not a working day, so aim to contact them by Thursday 28 March 2024.",
        "If you tell the adviser you do not want mediation, they must give you a certificate "
        "within 3 working days.",
        "If you want mediation, it must take place within 30 days of the local authority "
        "being told. If the local authority cannot arrange it in time, the adviser must give "
        "you a certificate within 3 working days of being told.",
        "When the mediation has finished, the adviser must give you a certificate within "
        "3 working days.",
        "The tribunal must receive your appeal by 5pm on Tuesday 2 April 2024, or within "
        "1 month of the date your mediation certificate is issued if that is later.",
    )


@pytest.mark.parametrize(
    ("day", "contact", "appeal"),
    [
        (dt.date(2024, 12, 31), "Friday 28 February 2025", "Friday 28 February 2025"),
        (dt.date(2024, 6, 15), "Thursday 15 August 2024", "Monday 2 September 2024"),
    ],
)
def test_d_month_end_and_august_dates(barnet, day, contact, appeal):
    text = section_text(letter_for(barnet, day=day))["d"]

    assert f"Contact the mediation adviser by {contact}," in text
    assert "aim to contact them by" not in text
    assert f"by 5pm on {appeal}" in text


def test_e_what_to_tell_the_local_authority(barnet):
    text = section_text(letter_for(barnet))["e"]

    assert "If you want mediation, you must tell the local authority" in text
    assert "that you want mediation" in text
    assert "what you disagree about" in text
    assert "health care provision is missing from the EHC plan, what health care provision" in (
        text
    )


def test_f_local_authority_contact_defaults_to_the_send_team(barnet):
    text = section_text(letter_for(barnet))["f"]

    assert "Barnet SEND team" in text
    assert "Phone: 020 7946 0302" in text
    assert "Email: send@barnet.example" in text


def test_f_officer_name_and_own_contact_details(barnet):
    letter = letter_for(
        barnet,
        contact_person="Lee Officer",
        contact_phone="020 7946 0999",
        contact_email="lee.officer@barnet.example",
    )
    contact = letter_sections(letter)[5].contact

    assert contact == (
        "Lee Officer",
        "Barnet SEND team",
        "Phone: 020 7946 0999",
        "Email: lee.officer@barnet.example",
    )


def test_no_way_to_contact_the_local_authority_is_an_error(barnet):
    barnet.send_team_phone = barnet.send_team_email = ""

    with pytest.raises(ValidationError, match="None is recorded for the Barnet SEND team") as err:
        letter_for(barnet)
    assert err.value.field == "contact_phone"


def test_placement_only_needs_no_certificate_but_mediation_is_still_available(barnet):
    letter = letter_for(barnet, decision="plan_placement")
    text = section_text(letter)

    assert letter.decision.certificate_required is False
    assert "You do not need a mediation certificate for this appeal" in text["b"]
    assert "You can still ask for mediation if you want to" in text["b"]
    assert "Before you can appeal, you need a mediation certificate" not in text["b"]
    assert "give you a mediation certificate" not in text["c"]
    assert "Contact the mediation adviser by" not in text["d"]
    assert "3 working days" not in text["d"]
    assert "within 30 days of the local authority being told you want it" in text["d"]
    assert "by 5pm on Tuesday 2 April 2024. Mediation does not give you more time" in text["d"]
    assert "Global Mediation" in text["c"]
    assert "what you disagree about" in text["e"]


def test_placement_only_law_list_leaves_out_reg_33_and_the_certificate_clocks(barnet):
    rows = dict(legal_basis(letter_for(barnet, decision="plan_placement")))

    assert "reg 33" not in " ".join(rows.values())
    assert "Certificate after declining mediation" not in rows
    assert rows["Mediation held"].startswith("Children and Families Act 2014 ss.53–54")


def test_law_list_cites_every_reg_32_paragraph_and_each_time_limit(barnet):
    rows = dict(legal_basis(letter_for(barnet)))

    for key in "abcdef":
        assert any(f"SEND Regulations 2014 reg 32({key})" in law for law in rows.values())
    assert rows["Contact the mediation adviser"] == "SEND Regulations 2014 reg 33"
    assert rows["Appeal to the tribunal"] == "HESC Rules 2008 r.20(1)(c); HESC Rules 2008 r.12"
    assert "SEND Regulations 2014 reg 34" in rows["Certificate after declining mediation"]


@pytest.mark.parametrize("decision", sorted(set(DECISION_KINDS) - {"plan_placement"}))
def test_every_other_decision_needs_a_certificate(barnet, decision):
    letter = letter_for(barnet, decision=decision)

    assert letter.decision.certificate_required is True
    assert letter.dates.contact_adviser is not None


def test_no_commissioned_provider_on_the_letter_date_is_a_clear_error(barnet):
    with pytest.raises(NoMediationProvider) as err:
        letter_for(barnet, day=dt.date(2023, 3, 31))  # the day before the commission starts

    assert str(err.value).startswith(
        "No mediation provider is recorded for Barnet on Friday 31 March 2023."
    )
    assert err.value.field == "letter_date"


def test_a_commission_for_disagreement_resolution_only_is_not_a_mediation_adviser(db):
    la = LocalAuthorityFactory(name="Testshire", send_team_email="send@testshire.example")
    CommissionFactory(local_authority=la, covers_mediation=False)

    with pytest.raises(NoMediationProvider, match="No mediation provider is recorded"):
        letter_for(la)


def test_unknown_decision_is_an_error(barnet):
    with pytest.raises(ValidationError, match="Choose what the decision is about"):
        letter_for(barnet, decision="exclusion")


def test_plain_text_has_headings_bullets_and_contact_lines(barnet):
    text = render_decision_letter_text(letter_for(barnet, contact_person="Lee Officer"))

    assert text.startswith("You can ask for mediation\n")
    assert "\nThe mediation adviser\n" in text
    assert "\nPhone: 020 8441 1355 or 0800 064 448\n" in text
    assert "\n- Contact the mediation adviser by Sunday 31 March 2024," in text
    assert "\nLee Officer\nBarnet SEND team\n" in text


def test_html_bolds_dates_and_escapes_names(barnet):
    html = render_decision_letter_html(letter_for(barnet, contact_person="<b>Lee</b>"))

    assert '<html lang="en-GB">' in html
    assert "<title>Mediation and your right to appeal: Barnet</title>" in html
    assert '<strong class="date">Tuesday 2 April 2024</strong>' in html
    assert "&lt;b&gt;Lee&lt;/b&gt;" in html
    assert "<b>Lee</b>" not in html


@pytest.fixture
def barnet_pdf(barnet):
    return render_decision_letter_pdf(letter_for(barnet, contact_person="Lee Officer"))


def test_pdf_states_every_element_and_the_dates(barnet_pdf):
    text = pdf_text(barnet_pdf)

    for expected in (
        "Mediation and your right to appeal",
        "This goes with the letter from Barnet dated Wednesday 31 January 2024.",
        "You can ask for mediation about this decision",
        "Before you can appeal, you need a mediation certificate",
        "The mediation adviser for Barnet is Global Mediation",
        "Phone: 020 8441 1355 or 0800 064 448",
        "Contact the mediation adviser by Sunday 31 March 2024",
        "aim to contact them by Thursday 28 March 2024",
        "by 5pm on Tuesday 2 April 2024",
        "If you want mediation, you must tell the local authority",
        "Lee Officer",
        "SEND Regulations 2014 reg 32(f)",
    ):
        assert expected in text


def test_pdf_is_tagged_pdf_ua_with_headings_in_order(barnet_pdf):
    reader = PdfReader(io.BytesIO(barnet_pdf))
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (pypdf BooleanObject)
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == "Mediation and your right to appeal: Barnet"
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    headings = [t for t in structure_types(barnet_pdf) if t[:2] == "/H" and t[2:].isdigit()]
    assert headings[0] == "/H1"
    assert headings.count("/H1") == 1
    assert set(headings[1:]) == {"/H2"}
    assert len(reader.pages) <= 2


def test_a_tells_the_family_of_disagreement_resolution(barnet):
    text = section_text(letter_for(barnet, decision="refusal_to_assess"))["a"]

    assert "disagreement resolution" in text


@pytest.mark.parametrize(
    ("decision", "offered"),
    [
        ("refusal_to_assess", False),
        ("refusal_to_issue_plan", True),
        ("plan_contents", True),
        ("plan_placement", True),
        ("refusal_to_reassess", True),
        ("refusal_to_amend", True),
        ("cease_to_maintain", True),
    ],
)
def test_b_tells_of_health_and_social_care_recommendations_where_the_appeal_allows(
    barnet, decision, offered
):
    text = section_text(letter_for(barnet, decision=decision))["b"]

    assert ("also disagree with the health or social care parts" in text) is offered
