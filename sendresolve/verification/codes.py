"""The shape of a verification code: twelve characters in three groups of four, from an alphabet
without the look-alikes 0, O, 1 and I (about 60 random bits), such as ``7KQ3-MX9D-H2PW``."""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS = 3
GROUP_LENGTH = 4
LENGTH = GROUPS * GROUP_LENGTH
FORMATTED_LENGTH = LENGTH + GROUPS - 1

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]")


def code_generate() -> str:
    """A new random code, formatted in groups."""
    return code_format("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def code_format(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, LENGTH, GROUP_LENGTH))


def code_normalise(value: str) -> str | None:
    """The code as stored, from what someone typed (any case, spaces or dashes anywhere), or
    None when it cannot be a code."""
    raw = _SEPARATORS.sub("", value or "").upper()
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return code_format(raw)
