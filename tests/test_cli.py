import pytest

from sendresolve import cli


def test_console_script_hands_django_commands_to_manage(capsys):
    assert cli.main(["check"]) == 0
    assert "no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_console_script_runs_the_local_authority_loader(capsys):
    assert cli.main(["load_local_authorities"]) == 0
    assert "153 created" in capsys.readouterr().out
