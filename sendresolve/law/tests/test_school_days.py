"""Barnet's shipped term dates over two school years (law.md §10.13), each span with its source,
and term dates given as several school years (``term_dates.yaml`` ``years``)."""

import datetime as dt

import pytest

from sendresolve.law.school_days import (
    SchoolTerms,
    TermDatesUnknown,
    exclusion_deadline,
    school_terms,
)

D = dt.date
LIVINGSTONE = "livingstoneprimaryschool.org"
GARDEN_SUBURB = "gardensuburbinfant.co.uk"


@pytest.mark.parametrize(
    ("deadline_id", "told", "due"),
    [
        # Autumn 2026, first half: 3 September to 23 October.
        ("exclusion_board_meets", D(2026, 9, 3), D(2026, 9, 24)),
        # Over the October half term (26 to 30 October) and the school's INSET day, Mon 2 Nov:
        # 19-23 Oct (5), 3-6 Nov (9), 9-13 Nov (14), 16 Nov (15).
        ("exclusion_board_meets", D(2026, 10, 16), D(2026, 11, 16)),
        ("exclusion_review_request_by", D(2026, 10, 23), D(2026, 11, 23)),
        # Told during half term: the count starts on Tue 3 Nov.
        ("exclusion_review_request_by", D(2026, 10, 28), D(2026, 11, 23)),
        # The last day that can be counted: 15 school days end on the last day of term.
        ("exclusion_board_meets", D(2026, 11, 26), D(2026, 12, 17)),
        ("exclusion_board_meets", D(2026, 11, 27), D(2026, 12, 18)),
    ],
)
def test_barnet_autumn_2026_around_half_term(deadline_id, told, due):
    deadline = exclusion_deadline(deadline_id, told, school_terms("Barnet"))

    assert deadline.date == due
    assert GARDEN_SUBURB in deadline.rule
    assert LIVINGSTONE not in deadline.rule  # only the source of the dates counted
    assert deadline.uncertain


def test_the_half_term_and_inset_day_are_named_as_not_counted():
    deadline = exclusion_deadline("exclusion_board_meets", D(2026, 10, 16), school_terms("Barnet"))

    assert "school closed Monday 26 October 2026 to Monday 2 November 2026" in deadline.rule


def test_a_count_over_the_summer_cites_both_years():
    # 13-17 Jul (5), 20 Jul (6: the council's last day); the summer holiday to 2 September is
    # not counted; 3-4 Sep (8), 7-11 Sep (13), 14-15 Sep (15).
    deadline = exclusion_deadline("exclusion_board_meets", D(2026, 7, 10), school_terms("Barnet"))

    assert deadline.date == D(2026, 9, 15)
    assert "school closed Tuesday 21 July 2026 to Wednesday 2 September 2026" in deadline.rule
    assert LIVINGSTONE in deadline.rule and GARDEN_SUBURB in deadline.rule


def test_a_count_in_2025_cites_only_the_councils_pattern():
    # Over the October 2025 half term (27 to 31 October).
    deadline = exclusion_deadline("exclusion_board_meets", D(2025, 10, 20), school_terms("Barnet"))

    assert deadline.date == D(2025, 11, 17)
    assert LIVINGSTONE in deadline.rule and GARDEN_SUBURB not in deadline.rule


@pytest.mark.parametrize("told", [D(2026, 12, 11), D(2026, 12, 18), D(2027, 1, 5)])
def test_past_christmas_2026_barnet_is_not_guessed(told):
    with pytest.raises(TermDatesUnknown, match="Barnet"):
        exclusion_deadline("exclusion_review_request_by", told, school_terms("Barnet"))


def test_barnet_covers_two_school_years_without_a_gap():
    terms = school_terms("Barnet")

    assert terms.covers == (D(2025, 4, 22), D(2026, 12, 18))
    assert [span[:2] for span in terms.sources] == [
        (D(2025, 4, 22), D(2026, 7, 20)),
        (D(2026, 7, 21), D(2026, 12, 18)),
    ]
    assert not terms.is_school_day(D(2026, 8, 3))  # summer holiday, a Monday
    assert terms.is_school_day(D(2026, 9, 3))
    assert not terms.is_school_day(D(2026, 11, 2))  # the school's INSET day
    assert terms.is_school_day(D(2026, 11, 3))


def _year(source, covers, terms):
    return {"source": source, "covers": covers, "terms": terms}


def test_years_must_follow_on_from_each_other():
    with pytest.raises(ValueError, match="must start the day after"):
        SchoolTerms.from_mapping(
            "X",
            {
                "years": [
                    _year("A", ["2025-09-01", "2026-07-20"], [["2025-09-01", "2026-07-20"]]),
                    _year("B", ["2026-07-22", "2026-12-18"], [["2026-09-03", "2026-12-18"]]),
                ]
            },
        )


def test_years_must_be_a_list():
    with pytest.raises(ValueError, match="years must be a list"):
        SchoolTerms.from_mapping("X", {"years": []})


def test_a_single_source_is_cited_whole():
    terms = SchoolTerms.from_mapping(
        "X", _year("Council C", ["2026-09-01", "2026-12-18"], [["2026-09-01", "2026-12-18"]])
    )

    assert terms.sources == ()
    assert terms.source_between(D(2026, 9, 1), D(2026, 9, 30)) == "Council C"
