import datetime as dt
from functools import partial

import pytest
from django.core.management import call_command

from sendresolve.cases import services
from sendresolve.cases.models import CaseDeadline
from sendresolve.cases.tests.factories import open_case
from sendresolve.core.clock import LONDON

pytestmark = pytest.mark.django_db


def test_recompute_command_moves_open_deadlines_for_a_new_bank_holiday(world, time_machine, capsys):
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=dt.date(2026, 5, 20), decision_letter_date=dt.date(2026, 5, 15)
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    row = CaseDeadline.objects.get(case=case, key="certificate_after_declining")
    assert row.due_on == dt.date(2026, 6, 4)

    call_command("recompute_deadlines", "--extra-holiday", "2026-06-03")
    row.refresh_from_db()
    assert row.due_on == dt.date(2026, 6, 5)
    assert "1 changed" in capsys.readouterr().out

    call_command("recompute_deadlines", "--extra-holiday", "2026-06-03")
    assert "0 changed" in capsys.readouterr().out


def test_recompute_rejects_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--extra-holiday"):
        call_command("recompute_deadlines", "--extra-holiday", "2026-02-30")


def test_extra_bank_holidays_setting_is_used_on_every_event(world, time_machine, settings):
    settings.SENDRESOLVE_EXTRA_BANK_HOLIDAYS = (dt.date(2026, 6, 3),)
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(
        world, opened_on=dt.date(2026, 5, 20), decision_letter_date=dt.date(2026, 5, 15)
    )
    services.advice_give(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    row = CaseDeadline.objects.get(case=case, key="certificate_after_declining")
    assert row.due_on == dt.date(2026, 6, 5)


def declined_case(world, on: dt.date):
    adviser = world.users["provider_staff"]
    case = open_case(
        world,
        opened_on=on - dt.timedelta(days=10),
        decision_letter_date=on - dt.timedelta(days=14),
    )
    services.advice_give(actor=adviser, case=case, on=on)
    services.mediation_decline(actor=adviser, case=case, on=on)
    return case


def test_a_new_holiday_only_examines_cases_whose_deadlines_count_across_it(
    world, time_machine, capsys
):
    time_machine.move_to(dt.datetime(2026, 7, 1, 12, tzinfo=LONDON), tick=False)
    # Declined Mon 1 Jun 2026: certificate due Thu 4 Jun; appeal deadline in August.
    early = declined_case(world, dt.date(2026, 6, 1))
    # Declined Wed 1 Jul 2026: certificate due Mon 6 Jul; nothing of it spans 3 June.
    late = declined_case(world, dt.date(2026, 7, 1))
    call_command("recompute_deadlines", "--extra-holiday", "2026-06-03")
    out = capsys.readouterr().out
    assert out.startswith("Recomputed 1 open cases: 1 changed")
    early_row = CaseDeadline.objects.get(case=early, key="certificate_after_declining")
    assert early_row.due_on == dt.date(2026, 6, 5)  # one working day later
    late_row = CaseDeadline.objects.get(case=late, key="certificate_after_declining")
    assert late_row.due_on == dt.date(2026, 7, 6)

    # The next new day (with the first one now part of the calendar) falls inside both cases'
    # windows (the early case's appeal deadline is in August) but moves only the later one.
    call_command(
        "recompute_deadlines", "--extra-holiday", "2026-06-03", "--extra-holiday", "2026-07-02"
    )
    assert capsys.readouterr().out.startswith("Recomputed 2 open cases: 1 changed")
    early_row.refresh_from_db()
    assert early_row.due_on == dt.date(2026, 6, 5)
    late_row.refresh_from_db()
    assert late_row.due_on == dt.date(2026, 7, 7)


def test_all_examines_every_open_case(world, time_machine, capsys):
    time_machine.move_to(dt.datetime(2026, 7, 1, 12, tzinfo=LONDON), tick=False)
    declined_case(world, dt.date(2026, 6, 1))
    declined_case(world, dt.date(2026, 7, 1))
    call_command("recompute_deadlines", "--all", "--extra-holiday", "2026-06-03")
    assert capsys.readouterr().out.startswith("Recomputed 2 open cases: 1 changed")


def test_a_meeting_notice_counted_back_from_the_meeting_moves_too(world, time_machine):
    from sendresolve.cases.deadlines import open_deadlines_recompute

    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    case = open_case(world, opened_on=dt.date(2026, 5, 20))
    services.advice_give(actor=adviser, case=case, on=dt.date(2026, 5, 21))
    services.mediation_request(actor=adviser, case=case, on=dt.date(2026, 5, 21))
    services.la_inform(actor=adviser, case=case, on=dt.date(2026, 5, 22))
    services.session_schedule(
        actor=adviser,
        case=case,
        starts_at=dt.datetime(2026, 6, 15, 10, tzinfo=LONDON),
        ends_at=dt.datetime(2026, 6, 15, 13, tzinfo=LONDON),
        mode="online",
    )
    notice = CaseDeadline.objects.get(case=case, deadline_id="mediation_notice")
    assert notice.due_on == dt.date(2026, 6, 5)  # 5 clear working days before Mon 15 June
    result = open_deadlines_recompute(
        extra_holidays=[dt.date(2026, 6, 10)], new_days=[dt.date(2026, 6, 10)]
    )
    assert result.examined == 1
    notice.refresh_from_db()
    assert notice.due_on == dt.date(2026, 6, 4)


def next_owed(case):
    """The earliest open deadline anyone but the family owes, read from the deadlines."""
    row = (
        CaseDeadline.objects.filter(case=case, state=CaseDeadline.State.OPEN)
        .exclude(responsible="family")
        .order_by("due_on", "id")
        .first()
    )
    return (row.due_on, row.title) if row else (None, "")


def kept(case):
    case.refresh_from_db()
    return (case.next_deadline_on, case.next_deadline_title)


def test_each_case_keeps_its_next_deadline_through_case_work(
    world, time_machine, django_capture_on_commit_callbacks
):
    # The next deadline is a projection fed after each step commits: run it as a commit would.
    committed = partial(django_capture_on_commit_callbacks, execute=True)
    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    adviser = world.users["provider_staff"]
    with committed():
        case = open_case(
            world, opened_on=dt.date(2026, 5, 20), decision_letter_date=dt.date(2026, 5, 15)
        )
    assert kept(case) == next_owed(case)
    with committed():
        services.advice_give(actor=adviser, case=case, on=dt.date(2026, 6, 1))
        services.mediation_decline(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    assert (
        kept(case)
        == next_owed(case)
        == (
            dt.date(2026, 6, 4),
            "Issue the certificate (mediation declined)",
        )
    )
    from sendresolve.cases.deadlines import open_deadlines_recompute

    with committed():
        open_deadlines_recompute(
            extra_holidays=[dt.date(2026, 6, 3)], new_days=[dt.date(2026, 6, 3)]
        )
    assert (
        kept(case)
        == next_owed(case)
        == (
            dt.date(2026, 6, 5),
            "Issue the certificate (mediation declined)",
        )
    )
    with committed():
        services.certificate_issue(actor=adviser, case=case, on=dt.date(2026, 6, 1))
    assert kept(case) == next_owed(case)
    assert kept(case)[0] != dt.date(2026, 6, 5)


def test_generated_cases_keep_their_next_deadline(db):
    from sendresolve.cases.models import Case
    from sendresolve.demo.national import national_generate

    national_generate(cases=80, today=dt.date(2026, 12, 2), seed=7, batch_size=30)
    cases = list(Case.objects.all())
    assert len(cases) == 80
    assert [kept(c) for c in cases] == [next_owed(c) for c in cases]
    assert any(c.next_deadline_on for c in cases)


def test_a_new_holiday_reaches_agreed_actions_on_the_statutory_clocks(world, capsys):
    from sendresolve.cases.deadlines import deadlines_recompute
    from sendresolve.cases.models import AgreedAction, Agreement

    # Agreement of Mon 20 May 2024; Mon 24 June 2024 (5 weeks on) becomes a bank holiday.
    case = open_case(world)
    agreement = Agreement.objects.create(
        case=case, agreed_on=dt.date(2024, 5, 20), text="What the parties agreed."
    )

    def agreed(clock, **fields):
        return AgreedAction.objects.create(
            case=case,
            agreement=agreement,
            description=f"Do the {clock} thing",
            owner="local_authority",
            clock=clock,
            **fields,
        ).pk

    two_weeks = agreed("non_appealable")  # reg 42(3): Mon 3 June
    amend = agreed("amend_plan")  # reg 42(2), reg 44: 5 weeks, Mon 24 June
    plan = agreed("make_plan")  # 5 weeks (24 June) and 11 weeks (Mon 5 August)
    fixed = agreed("agreed_date", agreed_due_on=dt.date(2024, 6, 24))  # reg 42(5)
    deadlines_recompute(case)

    def row(key):
        return CaseDeadline.objects.get(case=case, key=key)

    moving = [f"action:{amend}:agreement_amended_plan", f"action:{plan}:agreement_draft_plan"]
    staying = [f"action:{two_weeks}", f"action:{plan}:agreement_final_plan", f"action:{fixed}"]
    for key in moving:
        assert (row(key).due_on, row(key).practical_due_on) == (dt.date(2024, 6, 24), None)
    before = {key: CaseDeadline.objects.filter(pk=row(key).pk).values().get() for key in staying}
    assert [before[key]["due_on"] for key in staying] == [
        dt.date(2024, 6, 3),
        dt.date(2024, 8, 5),
        dt.date(2024, 6, 24),
    ]

    call_command("recompute_deadlines", "--extra-holiday", "2024-06-24")
    assert capsys.readouterr().out.startswith("Recomputed 1 open cases: 1 changed (2 deadlines)")
    for key in moving:
        assert row(key).due_on == dt.date(2024, 6, 24)  # counted in weeks: the date stands
        assert row(key).practical_due_on == dt.date(2024, 6, 21)  # aim for the Friday before
        assert "Extra holiday 24 June" in row(key).rule
        assert row(key).rule_id == "AGR-01"
    for key in staying:  # ends before the holiday, spans it in weeks, or was agreed: unchanged
        assert CaseDeadline.objects.filter(pk=row(key).pk).values().get() == before[key]


def test_the_migration_that_added_the_next_deadline_fills_it_with_its_own_code(
    world, time_machine, django_capture_on_commit_callbacks
):
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from sendresolve.cases.models import Case

    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=LONDON), tick=False)
    with django_capture_on_commit_callbacks(execute=True):  # as the steps' commits would
        declined = declined_case(world, dt.date(2026, 6, 1))  # certificate due Thu 4 June
        fresh = open_case(world, opened_on=dt.date(2026, 5, 20))  # only the family's deadlines
    expected = {case.pk: kept(case) for case in (declined, fresh)}
    assert expected[declined.pk] == (
        dt.date(2026, 6, 4),
        "Issue the certificate (mediation declined)",
    )
    Case.objects.update(next_deadline_on=dt.date(2000, 1, 1), next_deadline_title="stale")

    state = MigrationExecutor(connection).loader.project_state(("cases", "0008_case_next_deadline"))
    migration = importlib.import_module("sendresolve.cases.migrations.0008_case_next_deadline")
    migration.next_deadline_fill(state.apps, None)
    assert kept(declined) == expected[declined.pk]
    # Its open deadlines are all the family's own: staff owe nothing next.
    assert set(fresh.deadlines.filter(state="open").values_list("responsible", flat=True)) == {
        "family"
    }
    assert kept(fresh) == expected[fresh.pk] == (None, "")
