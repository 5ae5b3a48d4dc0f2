"""Whom the SEND framework is for: children and young people aged 0 to 25 (law.md §7).

A *young person* is over compulsory school age and under 25 (CFA 2014 s.83(2)), and a plan may
continue to the end of the academic year in which they turn 25 (SEND Regulations 2014 reg 46).
So the service is for anyone aged 25 or under in whole years: the day before their 26th birthday
is the last day they are in range. Ages are counted the English way: someone born on 29 February
turns a year older on 1 March in a year that has no 29 February.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["SEND_AGES", "AgeRange", "age_on"]


@dataclass(frozen=True)
class AgeRange:
    """Whole-year ages, both ends included, with the provisions that set them."""

    youngest: int
    oldest: int
    legal_basis: tuple[str, ...]
    verification: str

    def covers(self, born: dt.date, on: dt.date) -> bool:
        """Whether someone born on ``born`` is within the range on the day ``on``."""
        return born <= on and self.youngest <= age_on(born, on) <= self.oldest


#: The ages the SEND framework covers (the situation schema's ``age`` has the same bounds).
SEND_AGES = AgeRange(
    youngest=0,
    oldest=25,
    legal_basis=(
        "SEND Code of Practice 2015 (0 to 25 years)",
        "Children and Families Act 2014 s.83(2) (young person: under 25; section unconfirmed)",
        "SEND Regulations 2014 reg 46 (plan to the end of the academic year in which the young "
        "person turns 25)",
    ),
    verification="S",
)


def age_on(born: dt.date, on: dt.date) -> int:
    """Age in whole years on the day ``on`` of someone born on ``born``."""
    if on < born:
        # No dates in the message: one is a child's date of birth.
        raise ValueError("The day is before the date of birth.")
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
