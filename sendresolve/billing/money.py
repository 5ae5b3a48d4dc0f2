"""Amounts are whole pence everywhere; this is how people read and type them."""

import re
from decimal import Decimal, InvalidOperation

POUNDS = re.compile(r"£?\s*([0-9]{1,7}(?:,[0-9]{3})*)(?:\.([0-9]{2}))?")


def pounds(pence: int | None) -> str:
    """``123456`` -> ``£1,234.56``; a credit -> ``-£12.00``."""
    pence = int(pence or 0)
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


def plain_pounds(pence: int | None) -> str:
    """For CSV: ``1234.56`` (no symbol, no thousands separator)."""
    return str((Decimal(int(pence or 0)) / 100).quantize(Decimal("0.01")))


def pence_from(text: str) -> int | None:
    """``"1,234.50"``, ``"£95"`` -> pence; None if it is not an amount of money."""
    match = POUNDS.fullmatch(text.strip())
    if not match:
        return None
    try:
        whole = int(match.group(1).replace(",", ""))
    except (ValueError, InvalidOperation):  # pragma: no cover - the pattern allows digits only
        return None
    return whole * 100 + int(match.group(2) or 0)
