"""The billing pages: who may see them, the journey through them, and the downloads."""

import datetime as dt
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sendresolve.audit.models import AuditEvent
from sendresolve.billing import services
from sendresolve.billing.models import ContractTerms, Invoice
from sendresolve.billing.tests.helpers import billing_people, commission_of, mediation, terms
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db

CHILD = "Sam Example"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2024, 12, 10, 9, tzinfo=LONDON), tick=False)


@pytest.fixture
def people(world):
    return billing_people(world)


@pytest.fixture
def approved(world, people):
    terms(world)
    mediation(world, opened_on=dt.date(2024, 11, 4), child_name=CHILD)
    mediation(world, opened_on=dt.date(2024, 11, 12), meetings=[dt.date(2024, 11, 26)])
    invoice = services.billing_run(
        actor=people["manager"],
        provider=world.provider,
        local_authority=world.local_authority,
        month=dt.date(2024, 11, 1),
    )
    services.invoice_approve(actor=people["manager"], invoice_id=invoice.pk)
    return Invoice.objects.get(pk=invoice.pk)


def urls(invoice, commission):
    return [
        reverse("staff:billing:home"),
        reverse("staff:billing:contracts"),
        reverse("staff:billing:run"),
        reverse("staff:billing:contract", args=[commission.pk]),
        reverse("staff:billing:terms-new", args=[commission.pk]),
        reverse("staff:billing:invoice", args=[invoice.pk]),
        reverse("staff:billing:pdf", args=[invoice.pk]),
        reverse("staff:billing:csv", args=[invoice.pk]),
        reverse("staff:billing:xlsx", args=[invoice.pk]),
    ]


@pytest.mark.parametrize("who", ["manager", "finance"])
def test_managers_and_finance_see_every_billing_page(client, world, people, approved, who):
    client.force_login(people[who])
    for url in urls(approved, commission_of(world)):
        assert client.get(url).status_code == 200, url
    assert b">Billing<" in client.get(reverse("staff:billing:home")).content


@pytest.mark.parametrize(
    "who", ["adviser", "coordinator", "colleague", "la_officer", "icb_officer", "administrator"]
)
def test_everyone_else_gets_404(client, role_personas, people, approved, who):
    world = role_personas  # single-role staff (the world's provider_staff also manages)
    client.force_login(world.users[who])
    for url in urls(approved, commission_of(world)):
        assert client.get(url).status_code == 404, url
    posts = ["invoice-approve", "invoice-sent", "credit-note"]
    for name in posts:
        url = reverse(f"staff:billing:{name}", args=[approved.pk])
        assert client.post(url, {"lines": ["1"], "reason": "x"}).status_code == 404
    assert b">Billing<" not in client.get(reverse("staff:home")).content


def test_another_providers_manager_sees_only_their_own(client, world, people, approved):
    client.force_login(people["other_manager"])
    lists = urls(approved, commission_of(world))[:3]
    for url in lists:
        response = client.get(url)
        assert response.status_code == 200
        assert b"Barnet" not in response.content and b"INV-2024-0001" not in response.content
    for url in urls(approved, commission_of(world))[3:]:
        assert client.get(url).status_code == 404, url
    approve = reverse("staff:billing:invoice-sent", args=[approved.pk])
    assert client.post(approve).status_code == 404


def test_finance_sees_no_child_names_anywhere(client, world, people, approved):
    client.force_login(people["finance"])
    for url in urls(approved, commission_of(world)):
        response = client.get(url)
        body = response.content
        if url.endswith(".pdf"):
            body = pdf_text(body).encode()
        elif url.endswith(".xlsx"):
            body = xlsx_text(body).encode()
        assert CHILD.encode() not in body, url
    # And no case page either.
    reference = approved.lines.first().case_reference
    assert client.get(reverse("staff:case", args=[reference])).status_code == 404


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content))
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def test_the_pdf_csv_and_xlsx_have_one_line_per_event(client, people, approved):
    client.force_login(people["finance"])
    references = [line.case_reference for line in approved.lines.order_by("occurred_on", "id")]
    pdf = client.get(reverse("staff:billing:pdf", args=[approved.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="INV-2024-0001.pdf"'
    text = pdf_text(pdf.content)
    assert "Invoice INV-2024-0001" in text and "Alpha Mediation" in text and "Barnet" in text
    for reference in references:
        assert reference in text
    assert "£95.00" in text and "£600.00" in text and "£790.00" in text  # 2 x 95 + 600
    csv_lines = client.get(reverse("staff:billing:csv", args=[approved.pk])).content.decode()
    rows = csv_lines.strip().splitlines()
    assert rows[2] == "Case reference,Date,Service,Detail,Amount (£)"
    assert [row.split(",")[0] for row in rows[3:-1]] == references
    assert rows[-1] == "Total,,,,790.00"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("staff:billing:xlsx", args=[approved.pk])).content)
    )
    assert workbook.sheetnames == ["Invoice lines"]
    sheet = workbook["Invoice lines"]
    amounts = [row[4] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert amounts == [95, 95, 600, 7.9e2]
    downloads = AuditEvent.objects.filter(action="billing.invoice.download")
    assert sorted(e.detail["format"] for e in downloads) == ["csv", "pdf", "xlsx"]


def test_the_pdf_is_tagged_pdf_ua(client, people, approved):
    client.force_login(people["manager"])
    pdf = client.get(reverse("staff:billing:pdf", args=[approved.pk])).content
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("Invoice INV-2024-0001: Alpha Mediation to Barnet")
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()


def test_new_terms_from_a_date_through_the_page(client, world, people):
    terms(world)
    client.force_login(people["manager"])
    url = reverse("staff:billing:terms-new", args=[commission_of(world).pk])
    page = client.get(url).content.decode()
    assert 'value="95.00"' in page  # starts from the terms in force
    bad = client.post(url, {"valid_from_0": "31", "valid_from_1": "2", "valid_from_2": "2025"})
    assert bad.status_code == 400
    assert b"There is a problem" in bad.content and b"must be a real date" in bad.content
    body = {
        "valid_from_0": "1",
        "valid_from_1": "1",
        "valid_from_2": "2025",
        "services": ["covers_advice", "covers_mediation"],
        "price_advice_call": "£110",
        "price_mediation_case": "1,250.50",
        "price_additional_session": "300",
        "price_dr_meeting": "0",
        "price_cancellation": "150.00",
        "cancellation_notice_working_days": "3",
        "interpreter": "yes",
        "volume_cap": "120",
        "po_number": "PO-2025-77",
        "send_team_email": "send@barnet.test",
        "named_officer": "Pat Officer",
        "finance_contact": "ap@barnet.test",
    }
    response = client.post(url, body)
    assert response.status_code == 302
    new = ContractTerms.objects.get(valid_from=dt.date(2025, 1, 1))
    assert (new.price_advice_call, new.price_mediation_case, new.price_cancellation) == (
        11000,
        125050,
        15000,
    )
    assert (new.covers_disagreement_resolution, new.interpreter_costs_passed_through) == (
        False,
        True,
    )
    assert (new.volume_cap, new.po_number, new.cancellation_notice_working_days) == (
        120,
        "PO-2025-77",
        3,
    )
    # The same date again is refused with a GOV.UK error, not a 500.
    again = client.post(url, body)
    assert again.status_code == 400 and b"choose a later date" in again.content


def test_the_billing_run_page_approve_and_credit_note(client, world, people):
    terms(world)
    case = mediation(world, opened_on=dt.date(2024, 11, 4))
    client.force_login(people["manager"])
    commission = commission_of(world)
    empty = client.post(reverse("staff:billing:run"), {"commission": "", "month": "2024-11"})
    assert empty.status_code == 400 and b"Choose the council" in empty.content
    response = client.post(
        reverse("staff:billing:run"), {"commission": str(commission.pk), "month": "2024-11"}
    )
    invoice = Invoice.objects.get()
    assert response["Location"] == reverse("staff:billing:invoice", args=[invoice.pk])
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page and "£95.00" in page
    approve = reverse("staff:billing:invoice-approve", args=[invoice.pk])
    for _ in range(2):  # a double click approves once
        assert client.post(approve).status_code == 302
    invoice.refresh_from_db()
    assert invoice.number == "INV-2024-0001"
    assert AuditEvent.objects.filter(action="billing.invoice.approve").count() == 1
    credit = reverse("staff:billing:credit-note", args=[invoice.pk])
    missing = client.post(credit, {"reason": ""})
    assert missing.status_code == 400
    assert b"Choose the lines to credit" in missing.content
    assert b"Say why these lines are credited" in missing.content
    line = invoice.lines.get()
    made = client.post(
        credit, {"lines": [str(line.pk)], "reason": "Wrong council", "submission_key": "b" * 32}
    )
    note = Invoice.objects.get(kind="credit_note")
    assert made["Location"] == reverse("staff:billing:invoice", args=[note.pk])
    note_page = client.get(made["Location"]).content.decode()
    assert "Credit note CN-2024-0001" in note_page and "-£95.00" in note_page
    sent = reverse("staff:billing:invoice-sent", args=[invoice.pk])
    assert client.post(sent).status_code == 302
    invoice.refresh_from_db()
    assert invoice.state == "sent"


def test_the_volume_alert_shows_on_the_billing_pages(client, world, people):
    terms(world, volume_cap=2)  # alert at 2 cases (80 % of 2 is 1.6)
    client.force_login(people["finance"])
    mediation(world, opened_on=dt.date(2024, 11, 4))
    home = reverse("staff:billing:home")
    assert b"data-volume-alert" not in client.get(home).content
    mediation(world, opened_on=dt.date(2024, 11, 5))
    for url in (home, reverse("staff:billing:contracts")):
        page = client.get(url).content.decode()
        assert 'data-volume-alert="302"' in page
        assert "Barnet has had 2 of its 2 cases (100%)" in page
    contract = client.get(reverse("staff:billing:contract", args=[commission_of(world).pk]))
    assert b"2 of 2 cases (100%) in the contract year from 1 April 2024" in contract.content


def test_the_invoices_come_a_page_of_50_at_a_time_newest_month_first(client, world, people):
    commission = commission_of(world)
    Invoice.objects.bulk_create(
        Invoice(
            provider=world.provider,
            local_authority=world.local_authority,
            commission=commission,
            month=dt.date(2020 + n // 12, n % 12 + 1, 1),
        )
        for n in range(60)  # January 2020 to December 2024
    )
    client.force_login(people["finance"])
    home = reverse("staff:billing:home")

    def months(page):
        return [
            m
            for m in ("December 2024", "November 2020", "October 2020", "January 2020")
            if m in page
        ]

    first = client.get(home).content.decode()
    assert first.count("data-invoice=") == 50
    assert months(first) == ["December 2024", "November 2020"]
    assert 'href="?page=2"' in first and "page=0" not in first
    second = client.get(home, {"page": "2"}).content.decode()
    assert second.count("data-invoice=") == 10
    assert months(second) == ["October 2020", "January 2020"]
    assert 'href="?page=1"' in second and "page=3" not in second
    assert client.get(home, {"page": "abc"}).content.decode().count("data-invoice=") == 50
    beyond = client.get(home, {"page": "9"})
    assert beyond.status_code == 200
    assert "There are no invoices on this page" in beyond.content.decode()
