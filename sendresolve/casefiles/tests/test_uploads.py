"""Uploading through the staff page, the family's page and the API: what is stored, and the
clear refusals (malware, a program, a file over 20 MB), never a server error."""

import io

import pytest
from django.urls import reverse

from sendresolve.casefiles.models import CaseFile, Visibility
from sendresolve.casefiles.tests.conftest import EICAR, PDF, executable, stored_files
from sendresolve.public.family.links import token_for

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def named(content: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def too_large() -> io.BytesIO:
    """21 MB: one more than the default limit's 20."""
    return named(PDF + b"%" * (21 * MB - len(PDF)), "huge.pdf")


def staff_post(client, case, file, **fields):
    body = {"kind": "report", "visibility": "everyone", "submission_key": "b" * 32, **fields}
    return client.post(reverse("staff:document-new", args=[case.reference]), {**body, "file": file})


def test_staff_upload_a_pdf_and_find_it_listed(as_persona, case, case_files_dir):
    client = as_persona("provider_staff")
    page = client.get(reverse("staff:document-new", args=[case.reference]))
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content
    response = staff_post(client, case, named(PDF, "Speech report.pdf"))
    assert response.status_code == 302
    document = CaseFile.objects.get()
    assert (document.kind, document.visibility) == ("report", Visibility.EVERYONE)
    listing = client.get(reverse("staff:documents", args=[case.reference])).content.decode()
    assert "Speech report.pdf" in listing
    assert len(stored_files(case_files_dir)) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (EICAR, "contains a virus or other malware"),
        (executable(), "must be a PDF, Word document, PNG or JPEG picture, or plain text file"),
    ],
)
def test_staff_page_refuses_malware_and_programs_with_a_govuk_error(
    as_persona, case, case_files_dir, content, message
):
    response = staff_post(as_persona("provider_staff"), case, named(content, "letter.pdf"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text and message in text
    assert 'href="#id_file"' in text
    assert not CaseFile.objects.exists() and stored_files(case_files_dir) == []


def test_a_21_mb_file_is_refused_on_the_staff_page(as_persona, case, case_files_dir):
    response = staff_post(as_persona("provider_staff"), case, too_large())
    assert response.status_code == 400
    assert "The selected file must be smaller than 20 MB" in response.content.decode()
    assert not CaseFile.objects.exists() and stored_files(case_files_dir) == []


def test_confidential_material_cannot_be_shared_with_the_parties_from_the_page(as_persona, case):
    response = staff_post(
        as_persona("provider_staff"), case, named(PDF, "a.pdf"), confidential="on"
    )
    assert response.status_code == 400
    assert "cannot be shared with the local authority" in response.content.decode()
    assert not CaseFile.objects.exists()


def test_the_la_officer_is_offered_only_the_parties_and_everyone(as_persona, case):
    client = as_persona("la_officer")
    page = client.get(reverse("staff:document-new", args=[case.reference])).content.decode()
    assert 'value="parties"' in page and 'value="everyone"' in page
    assert 'value="provider"' not in page and 'name="confidential"' not in page
    refused = staff_post(client, case, named(PDF, "a.pdf"), visibility="provider")
    assert refused.status_code == 400 and not CaseFile.objects.exists()
    assert staff_post(client, case, named(PDF, "a.pdf"), visibility="parties").status_code == 302


def test_the_family_sends_a_document_from_their_page(client, case, case_files_dir):
    token = token_for(case)
    url = reverse("public:family-documents", args=[token])
    response = client.post(url, {"kind": "ehc_plan", "file": named(PDF, "plan.pdf")})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "We have your document" in page and "plan.pdf" in page
    assert "&lt;p" not in page
    document = CaseFile.objects.get()
    assert document.visibility == Visibility.FAMILY and document.uploaded_by is None


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (lambda: named(EICAR, "letter.txt"), "contains a virus or other malware"),
        (lambda: named(executable(), "plan.docx"), "must be a PDF, Word document"),
        (too_large, "The selected file must be smaller than 20 MB"),
        (lambda: named(b"", "empty.pdf"), "The selected file is empty"),
    ],
)
def test_the_family_page_refuses_with_a_govuk_error(client, case, case_files_dir, file, message):
    url = reverse("public:family-documents", args=[token_for(case)])
    response = client.post(url, {"kind": "report", "file": file()})
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text and message in text
    assert not CaseFile.objects.exists() and stored_files(case_files_dir) == []


def test_the_api_uploads_a_pdf_once_per_idempotency_key(api, case):
    client = api("provider_staff")
    url = reverse("api:case-documents", args=[case.reference])
    body = {"kind": "decision_letter", "visibility": "family", "confidential": "false"}

    def send():
        return client.post(
            url,
            {**body, "file": named(PDF, "decision.pdf")},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY="upload-1",
        )

    first = send()
    assert first.status_code == 201, first.content
    assert first.json()["name"] == "decision.pdf"
    assert first.json()["content_type"] == "application/pdf"
    again = send()
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert CaseFile.objects.count() == 1
    download = client.get(first.json()["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_the_api_answers_refusals_as_problems(api, case, case_files_dir):
    client = api("provider_staff")
    url = reverse("api:case-documents", args=[case.reference])
    body = {"kind": "report", "visibility": "everyone"}
    eicar = client.post(url, {**body, "file": named(EICAR, "a.txt")}, format="multipart")
    assert eicar.status_code == 400
    assert eicar["Content-Type"] == "application/problem+json"
    assert "virus" in eicar.json()["errors"]["file"][0]
    huge = client.post(url, {**body, "file": too_large()}, format="multipart")
    assert huge.status_code == 413
    assert huge.json()["status"] == 413
    unknown = client.post(
        url, {**body, "owner": "x", "file": named(PDF, "a.pdf")}, format="multipart"
    )
    assert unknown.status_code == 400
    confidential = client.post(
        url, {**body, "confidential": "true", "file": named(PDF, "a.pdf")}, format="multipart"
    )
    assert confidential.status_code == 400
    assert not CaseFile.objects.exists() and stored_files(case_files_dir) == []


def test_the_api_refuses_an_upload_from_another_provider_and_lets_the_icb_share(api, case):
    url = reverse("api:case-documents", args=[case.reference])
    body = {"kind": "report", "visibility": "parties"}
    outsider = api("other_provider").post(
        url, {**body, "file": named(PDF, "a.pdf")}, format="multipart"
    )
    assert outsider.status_code == 404
    icb = api("icb_officer").post(url, {**body, "file": named(PDF, "a.pdf")}, format="multipart")
    assert icb.status_code == 201, icb.content


def test_the_family_can_send_only_so_many_documents_a_day(client, case, monkeypatch):
    monkeypatch.setattr("sendresolve.public.family.document_views.UPLOADS_PER_DAY", 1)
    url = reverse("public:family-documents", args=[token_for(case)])
    first = client.post(url, {"kind": "report", "file": named(PDF, "a.pdf")})
    assert first.status_code == 302
    second = client.post(url, {"kind": "report", "file": named(PDF, "b.pdf")})
    assert second.status_code == 429
    assert "You can send up to 1 documents a day" in second.content.decode()
    assert CaseFile.objects.count() == 1


def test_staff_change_who_can_see_a_document(as_persona, case):
    client = as_persona("provider_staff")
    staff_post(client, case, named(PDF, "a.pdf"), visibility="provider")
    document = CaseFile.objects.get()
    url = reverse("staff:document-share", args=[case.reference, document.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Who can see a.pdf?" in page.content.decode()
    response = client.post(url, {"visibility": "parties", "submission_key": "c" * 32})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.visibility == Visibility.PARTIES
    assert as_persona("la_officer").get(url).status_code == 404
