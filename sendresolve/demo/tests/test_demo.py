import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendresolve.core.errors import NotAllowed
from sendresolve.demo import data
from sendresolve.demo.services import demo_password, demo_seed
from sendresolve.staff.tests.otp import sign_in_request
from sendresolve.staff.two_factor import DEMO_KEY, DEMO_SECRET
from sendresolve.tenancy.models import Commission, LocalAuthority, Membership, Provider
from sendresolve.tenancy.reference import reference_local_authorities
from sendresolve.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def test_every_la_named_on_seed_002_is_in_the_reference_list():
    reference = {row.name for row in reference_local_authorities()}
    names = data.seed_002_names()
    assert len(names) == len(set(names)) == 65
    assert set(names) <= reference
    assert {"Rutland", "Sandwell", "North Northamptonshire"} <= set(names)


def test_demo_reproduces_the_seed_arrangements():
    demo_seed()
    global_mediation = Provider.objects.get(slug="global-mediation")
    assert global_mediation.phone == "020 8441 1355"
    assert global_mediation.commissions.count() == 65
    assert global_mediation.commissions.filter(local_authority__name="Westminster").exists()
    kids = Commission.objects.get(provider__slug="kids")
    assert kids.local_authority.name == "Southend-on-Sea"
    assert kids.provider.email == "mediationlondon@kids.org.uk"


def test_demo_has_one_user_per_role_who_can_sign_in():
    logins = demo_seed()
    roles = {Membership.objects.get(user__username=login.username).role for login in logins}
    assert roles == {role.value for role in Role}
    for login in logins:
        user = authenticate(sign_in_request(), username=login.username, password=login.password)
        assert user is not None
        # And pass the second step with the published demo key.
        assert TOTPDevice.objects.get(user=user, confirmed=True).key == DEMO_KEY


def test_running_the_demo_twice_changes_nothing():
    first = demo_seed()
    counts = (
        LocalAuthority.objects.count(),
        Provider.objects.count(),
        Commission.objects.count(),
        Membership.objects.count(),
    )
    second = demo_seed()
    assert first == second
    assert counts == (
        LocalAuthority.objects.count(),
        Provider.objects.count(),
        Commission.objects.count(),
        Membership.objects.count(),
    )
    assert counts == (153, 2, 66, len(data.USERS))


def test_demo_passwords_depend_on_the_installation_secret():
    with override_settings(SECRET_KEY="a" * 60):
        first = demo_password("adviser@global.demo")
    with override_settings(SECRET_KEY="b" * 60):
        second = demo_password("adviser@global.demo")
    assert first != second
    assert first.startswith("demo-") and len(first) == 19


def test_demo_refuses_to_run_outside_development():
    with override_settings(DEVELOPMENT=False), pytest.raises(NotAllowed):
        demo_seed()
    assert Provider.objects.count() == 0


def test_demo_command_prints_the_url_and_every_login(capsys):
    call_command("demo", url="http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out
    for user in data.USERS:
        assert user.username in out
        assert demo_password(user.username) in out
    assert f"set up with the demo key {DEMO_SECRET}" in out


def test_demo_loads_the_councils_contacts_file_and_keeps_an_administrators_edit():
    demo_seed()
    peterborough = LocalAuthority.objects.get(dfe_code="874")
    assert peterborough.sendiass_phone == "0300 365 1020"
    assert peterborough.contacts_source.startswith("https://")
    sefton = LocalAuthority.objects.get(dfe_code="343")
    assert sefton.send_team_email == "special.needs@sefton.gov.uk"
    # An administrator's edit (marked as the admin marks it) survives the next demo run.
    LocalAuthority.objects.filter(pk=peterborough.pk).update(
        sendiass_phone="01733 000000", contacts_edited_at=peterborough.updated_at
    )
    demo_seed()
    peterborough.refresh_from_db()
    assert peterborough.sendiass_phone == "01733 000000"
