import datetime as dt
import io

import pytest
from pypdf import PdfReader

from sendresolve.documents.certificates import (
    CertificateData,
    render_certificate_html,
    render_certificate_pdf,
)
from sendresolve.documents.tests.factories import certificate_data

CFA = "the Children and Families Act 2014"
REGS = "the Special Educational Needs and Disability Regulations 2014"

EXAMPLES = {
    "declined": certificate_data(kind="declined"),
    "mediation_concluded": certificate_data(
        kind="mediation_concluded",
        number="MC-2024-000124",
        child_name="Jordan Okafor",
        mediation_dates=(dt.date(2024, 3, 4), dt.date(2024, 3, 12)),
        health_care_in_issue=True,
    ),
    "not_arranged": certificate_data(
        kind="not_arranged",
        number="MC-2025-000007",
        child_name="Ellie Brown",
        issue_date=dt.date(2025, 1, 9),
        decision_letter_date=dt.date(2024, 11, 20),
        appeal_deadline=dt.date(2025, 2, 10),
        la_informed_date=dt.date(2024, 12, 10),
    ),
}

EXPECTED_WORDING = {
    "declined": (
        "Mediation advice given, mediation declined",
        f"section 55(4) of {CFA} and regulation 34 of {REGS}",
    ),
    "mediation_concluded": (
        "Mediation has taken place",
        f"section 55(5) of {CFA} and {REGS}",
    ),
    "not_arranged": (
        "Mediation could not be arranged within 30 days",
        f"section 55 of {CFA} and {REGS}",
    ),
}

EXPECTED_DEADLINE = {
    "declined": "The tribunal must receive your appeal by 5pm on Monday 15 April 2024.",
    "mediation_concluded": "The tribunal must receive your appeal by 5pm on Monday 15 April 2024.",
    "not_arranged": "The tribunal must receive your appeal by 5pm on Monday 10 February 2025.",
}

EXPECTED_ISSUE_DATE = {
    "declined": "Friday 15 March 2024",
    "mediation_concluded": "Friday 15 March 2024",
    "not_arranged": "Thursday 9 January 2025",
}


@pytest.fixture(scope="module")
def pdfs():
    """Render each kind once for the whole module: WeasyPrint takes a fraction of a second."""
    return {kind: render_certificate_pdf(data) for kind, data in EXAMPLES.items()}


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def structure_types(pdf: bytes) -> list[str]:
    """Return the structure element types (/H1, /Table, /TH, ...) in document order."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                found.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("kind", EXAMPLES)
def test_certificate_pdf_states_the_facts_of_each_kind(pdfs, kind):
    text = pdf_text(pdfs[kind])
    data = EXAMPLES[kind]
    label, legal_basis = EXPECTED_WORDING[kind]

    assert data.number in text
    assert label in text
    assert data.child_name in text
    assert EXPECTED_DEADLINE[kind] in text
    assert data.appeal_deadline_rule in text
    assert f"This certificate is issued under {legal_basis}" in text
    assert f"Date of issue {EXPECTED_ISSUE_DATE[kind]}" in text
    assert "form SEND35" in text
    assert "confidential and without prejudice" in text


@pytest.mark.parametrize("kind", ["mediation_concluded", "not_arranged"])
def test_certificate_cites_no_unconfirmed_regulation_number(pdfs, kind):
    # law.md §2.2 marks the numbering of these regulations [U]: name the Regulations only.
    assert "regulation " not in pdf_text(pdfs[kind]).lower().replace("regulations 2014", "")


def test_concluded_certificate_lists_mediation_dates(pdfs):
    text = pdf_text(pdfs["mediation_concluded"])
    assert "Dates of mediation Monday 4 March 2024 Tuesday 12 March 2024" in text


def test_not_arranged_certificate_says_mediation_may_still_happen(pdfs):
    text = pdf_text(pdfs["not_arranged"])
    assert "Date mediation was requested from the local authority Tuesday 10 December 2024" in text
    assert "You can still take part in mediation if it is arranged later" in text
    assert "You can still take part in mediation" not in pdf_text(pdfs["declined"])


def test_health_care_note_only_when_health_care_is_in_issue(pdfs):
    note = "recommendations about health and social care"
    assert note in pdf_text(pdfs["mediation_concluded"])
    assert note not in pdf_text(pdfs["declined"])


@pytest.mark.parametrize("kind", EXAMPLES)
def test_certificate_pdf_is_tagged_pdf_ua(pdfs, kind):
    reader = PdfReader(io.BytesIO(pdfs[kind]))
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == f"Mediation certificate {EXAMPLES[kind].number}"
    xmp = reader.xmp_metadata.stream.get_data()
    assert b'pdfuaid:part="1"' in xmp


def test_certificate_pdf_headings_are_in_order_and_details_are_a_table(pdfs):
    types = structure_types(pdfs["declined"])
    headings = [t for t in types if t[:2] == "/H" and t[2:].isdigit()]

    assert headings[0] == "/H1"
    assert headings.count("/H1") == 1
    assert set(headings[1:]) == {"/H2"}
    assert "/Table" in types
    assert types.count("/TH") >= 10
    assert "/TD" in types


def test_certificate_pdf_embeds_its_fonts(pdfs):
    reader = PdfReader(io.BytesIO(pdfs["declined"]))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)


def test_certificate_html_escapes_names():
    html = render_certificate_html(
        certificate_data(
            child_name="<script>alert(1)</script>",
            appellant_name="Alex <b>Taylor</b>",
            issues=("Speech & language therapy",),
        )
    )

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Alex &lt;b&gt;Taylor&lt;/b&gt; has had information" in html
    assert "Speech &amp; language therapy" in html


def test_certificate_html_is_english_with_a_title():
    html = render_certificate_html(certificate_data())

    assert '<html lang="en-GB">' in html
    assert "<title>Mediation certificate MC-2024-000123</title>" in html


def test_certificate_leaves_out_empty_optional_details():
    html = render_certificate_html(
        certificate_data(child_date_of_birth=None, decision_letter_date=None)
    )

    assert "Date of birth" not in html
    assert "Date of decision letter" not in html


def test_certificate_data_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        certificate_data(kind="placement_only")


def test_certificate_data_rejects_an_unknown_appellant_role():
    with pytest.raises(ValueError, match="role"):
        certificate_data(appellant_role="grandparent")


def test_concluded_certificate_needs_a_mediation_date():
    with pytest.raises(ValueError, match="date"):
        certificate_data(kind="mediation_concluded", mediation_dates=())


def test_certificate_data_rejects_a_deadline_before_issue():
    with pytest.raises(ValueError, match="deadline"):
        certificate_data(appeal_deadline=dt.date(2024, 3, 14))


def test_certificate_data_stores_lists_as_tuples():
    data = certificate_data(issues=["One", "Two"])

    assert isinstance(data, CertificateData)
    assert data.issues == ("One", "Two")
    hash(data)


def test_a_certificate_with_a_long_rule_and_several_issues_fits_on_two_pages():
    from sendresolve.law import appeal_deadline

    appeal = appeal_deadline(dt.date(2026, 9, 24), dt.date(2026, 11, 12))
    data = certificate_data(
        kind="not_arranged",
        issue_date=dt.date(2026, 11, 12),
        decision_letter_date=dt.date(2026, 9, 24),
        appeal_deadline=appeal.date,
        appeal_deadline_rule=appeal.rule,
        issues=(
            "School or placement named in the plan (section I)",
            "Special educational provision in the plan (section F)",
            "Special educational needs in the plan (section B)",
        ),
        la_informed_date=dt.date(2026, 10, 13),
    )
    pdf = render_certificate_pdf(data)
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    assert "Monday 14 December 2026" in pdf_text(pdf)


def test_certificate_prints_stored_names_without_overrides_or_controls():
    # Stored before forms cleaned what was typed: "\u202e" would show "Taylor" as "rolyaT".
    html = render_certificate_html(
        certificate_data(
            child_name="Sam \u202erolyaT\u202c\x00",
            appellant_name="Alex\u2066 Taylor\u2069\x1b",
            decision_description="Refusal\u200f to assess\x07",
        )
    )
    assert not any(ch in html for ch in "\u202e\u202c\u2066\u2069\u200f\x00\x1b\x07")
    assert "Sam rolyaT" in html
    assert "Alex Taylor has had information" in html
