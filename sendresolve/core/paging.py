"""Paging without counting: fetch one row more than a page to know whether there is a next one.

Django's ``Paginator`` counts the whole queryset on every page; for a work queue ordered by a
computed deadline that count costs as much as the page itself. Pages here only offer previous
and next links (what the GOV.UK pagination component shows), so no count is needed.
"""

from dataclasses import dataclass

# The highest page number anyone is given: a larger one (a typo, or 2**64 + 1 from someone
# probing) shows this page, whose offset any database takes, rather than an overflow.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    """The parts of Django's ``Page`` that templates and views use, without ``paginator``."""

    object_list: list
    number: int
    more: bool  # whether a next page has rows

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_of(queryset, number: str | int | None, *, size: int) -> Page:
    """Return page ``number``: 1 for anything that is not a positive whole number, and at most
    ``MAX_PAGE``."""
    try:
        page = int(number) if number not in (None, "") else 1
    except (TypeError, ValueError):  # ValueError too for more than 4,300 digits
        page = 1
    page = min(max(page, 1), MAX_PAGE)
    start = (page - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(object_list=rows[:size], number=page, more=len(rows) > size)
