"""The councils' contacts file, its loader and command, and administrators' edits."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sendresolve.audit.models import AuditEvent
from sendresolve.tenancy.contacts import (
    COLUMNS,
    CONTACT_FIELDS,
    ContactsFileError,
    contacts_file_text,
    contacts_read,
    la_contacts_load,
)
from sendresolve.tenancy.models import LocalAuthority
from sendresolve.tenancy.reference import reference_local_authorities
from sendresolve.tenancy.services import local_authorities_load


def packaged_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(contacts_file_text())))


def as_text(rows: list[dict[str, str]], columns=COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def peterborough(rows: list[dict[str, str]]) -> dict[str, str]:
    return next(row for row in rows if row["dfe_la_code"] == "874")


@pytest.fixture
def councils(db):
    local_authorities_load(actor=None)


def test_every_council_in_the_reference_list_has_one_row_with_its_code_and_name():
    # The packaged reference list, itself checked against the shared copy (test_shared_copies).
    expected = [(r.dfe_code, r.name) for r in reference_local_authorities()]
    assert [(r["dfe_la_code"], r["la_name"]) for r in packaged_rows()] == expected
    assert len(expected) == 153


def test_the_packaged_file_passes_every_check_and_every_filled_row_names_its_source():
    rows = contacts_read(contacts_file_text())
    filled = [row for row in rows if any(row.values.values())]
    assert len(rows) == 153
    assert filled, "the file holds some contacts"
    for row in filled:
        assert row.source and row.checked_on, row.dfe_code


def test_loading_sets_only_the_contact_fields_and_their_source(councils):
    barnet_before = LocalAuthority.objects.get(dfe_code="302")
    result = la_contacts_load(actor=None, rows=contacts_read(contacts_file_text()))
    la = LocalAuthority.objects.get(dfe_code="874")
    assert la.sendiass_phone == "0300 365 1020"
    assert la.sendiass_url.startswith("https://")
    assert la.contacts_source.startswith("https://fis.peterborough.gov.uk/")
    assert la.contacts_checked_on == dt.date(2026, 12, 6)
    assert (la.name, la.gss_code, la.region) == ("Peterborough", "E06000031", "East of England")
    barnet = LocalAuthority.objects.get(dfe_code="302")
    assert barnet.name == barnet_before.name and barnet.sendiass_name
    assert result.updated == sum(1 for r in packaged_rows() if r["source"])
    assert AuditEvent.objects.filter(action="local_authority_contacts.load").count() == 1


def test_loading_twice_changes_nothing_the_second_time(councils):
    rows = contacts_read(contacts_file_text())
    la_contacts_load(actor=None, rows=rows)
    stamp = LocalAuthority.objects.get(dfe_code="874").updated_at
    again = la_contacts_load(actor=None, rows=rows)
    assert (again.updated, again.unchanged, again.kept) == (0, 153, [])
    assert LocalAuthority.objects.get(dfe_code="874").updated_at == stamp
    assert AuditEvent.objects.filter(action="local_authority_contacts.load").count() == 1


def test_a_blank_field_in_the_file_clears_what_the_file_set_before(councils):
    rows = packaged_rows()
    la_contacts_load(actor=None, rows=contacts_read(as_text(rows)))
    peterborough(rows)["sendiass_phone"] = ""
    la_contacts_load(actor=None, rows=contacts_read(as_text(rows)))
    assert LocalAuthority.objects.get(dfe_code="874").sendiass_phone == ""


def change(rows, column, value, code="874"):
    row = next(row for row in rows if row["dfe_la_code"] == code)
    row[column] = value
    return rows


BAD_FILES = {
    "unknown code": (lambda rows: change(rows, "dfe_la_code", "999"), "'999' is not a DfE LA"),
    "code twice": (lambda rows: rows + [rows[-1]], "appears twice"),
    "name does not match": (
        lambda rows: change(rows, "la_name", "Peterboro"),
        "874 is Peterborough, not 'Peterboro'",
    ),
    "bad email": (
        lambda rows: change(rows, "sendiass_email", "sendiass.peterborough"),
        "sendiass_email: 'sendiass.peterborough' is not an email address",
    ),
    "bad url": (
        lambda rows: change(rows, "send_team_url", "www.peterborough.gov.uk"),
        "send_team_url: 'www.peterborough.gov.uk' is not a web address",
    ),
    "javascript url": (
        lambda rows: change(rows, "sendiass_url", "javascript:alert(1)"),
        "is not a web address",
    ),
    "short phone": (
        lambda rows: change(rows, "sendiass_phone", "0300 365 10"),
        "sendiass_phone: '0300 365 10' is not a UK phone number",
    ),
    "letters in phone": (
        lambda rows: change(rows, "send_team_phone", "0300 FOR SEND"),
        "is not a UK phone number",
    ),
    "name too long": (lambda rows: change(rows, "sendiass_name", "S" * 121), "too long"),
    "bad date": (lambda rows: change(rows, "checked_on", "6/12/2026"), "is not a date"),
    "no source": (lambda rows: change(rows, "source", ""), "need a source and checked_on"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_loaded(councils, tmp_path, name):
    spoil, message = BAD_FILES[name]
    path = tmp_path / "contacts.csv"
    path.write_text(as_text(spoil(packaged_rows())), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("load_la_contacts", str(path))
    text = str(raised.value)
    assert message in text
    assert "line " in text and "\n" not in text
    assert not LocalAuthority.objects.exclude(sendiass_name="").exists()


def test_a_file_without_a_column_is_refused(councils, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(as_text(packaged_rows(), [c for c in COLUMNS if c != "sendiass_url"]))
    with pytest.raises(CommandError, match="line 1: the header lacks sendiass_url"):
        call_command("load_la_contacts", str(path))


def test_loading_before_the_councils_exist_says_what_to_run(db):
    with pytest.raises(ContactsFileError, match="run manage.py load_local_authorities first"):
        la_contacts_load(actor=None, rows=contacts_read(contacts_file_text()))


def test_the_command_loads_the_packaged_file_and_reports(councils, capsys):
    call_command("load_la_contacts")
    assert "updated" in capsys.readouterr().out
    assert LocalAuthority.objects.get(dfe_code="343").send_team_email


def admin_post(client, la: LocalAuthority, **changes) -> None:
    data = {
        name: getattr(la, name)
        for name in ["dfe_code", "gss_code", "name", "region", "kind", *CONTACT_FIELDS]
    }
    data |= {
        "contacts_source": la.contacts_source,
        "contacts_checked_on": la.contacts_checked_on.isoformat() if la.contacts_checked_on else "",
    }
    data |= changes
    response = client.post(f"/admin/tenancy/localauthority/{la.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def admin_client_(client, world, councils):
    admin = world.users["administrator"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def test_the_admin_shows_the_contacts_under_their_own_heading(admin_client_):
    la = LocalAuthority.objects.get(dfe_code="874")
    html = admin_client_.get(f"/admin/tenancy/localauthority/{la.pk}/change/").content.decode()
    assert "SEND team and SENDIASS contacts" in html
    for name in CONTACT_FIELDS:
        assert f'name="{name}"' in html


def test_an_administrators_edit_is_kept_by_a_later_load_unless_overwritten(admin_client_):
    rows = contacts_read(contacts_file_text())
    la_contacts_load(actor=None, rows=rows)
    la = LocalAuthority.objects.get(dfe_code="874")
    admin_post(admin_client_, la, sendiass_phone="01733 000000")
    la.refresh_from_db()
    assert la.sendiass_phone == "01733 000000" and la.contacts_edited_at is not None

    kept = la_contacts_load(actor=None, rows=rows)
    la.refresh_from_db()
    assert kept.kept == ["874"]
    assert la.sendiass_phone == "01733 000000"

    replaced = la_contacts_load(actor=None, rows=rows, overwrite=True)
    la.refresh_from_db()
    assert replaced.updated == 1
    assert la.sendiass_phone == "0300 365 1020" and la.contacts_edited_at is None


def test_saving_other_fields_in_the_admin_does_not_mark_the_contacts_edited(admin_client_):
    la = LocalAuthority.objects.get(dfe_code="874")
    admin_post(admin_client_, la, region="East of England")
    la.refresh_from_db()
    assert la.contacts_edited_at is None


def test_the_command_names_the_councils_it_kept(admin_client_, capsys):
    call_command("load_la_contacts")
    la = LocalAuthority.objects.get(dfe_code="343")
    admin_post(admin_client_, la, send_team_phone="0151 000 0000")
    call_command("load_la_contacts")
    out = capsys.readouterr().out
    assert "1 kept as an administrator edited them (343; --overwrite replaces them)" in out
    call_command("load_la_contacts", "--overwrite")
    la.refresh_from_db()
    assert la.send_team_phone == ""
