"""What a file is, by its content (libmagic, through python-magic), never by its name.

Only the types a case needs are accepted: PDF, Word (.docx and .doc), PNG and JPEG pictures,
and plain text. A program renamed ``letter.pdf`` is still a program and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

import magic

# Enough of the file for libmagic to look inside a Word document's zip container.
SNIFF_BYTES = 1024 * 1024

# MIME type (as libmagic names it) -> the extension and the words used on pages.
ALLOWED: dict[str, tuple[str, str]] = {
    "application/pdf": ("pdf", "PDF"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "docx",
        "Word document",
    ),
    "application/msword": ("doc", "Word document"),
    "image/png": ("png", "PNG picture"),
    "image/jpeg": ("jpg", "JPEG picture"),
    "text/plain": ("txt", "Text file"),
}
ALLOWED_WORDS = "a PDF, Word document, PNG or JPEG picture, or plain text file"


@dataclass(frozen=True)
class Detected:
    mime: str
    extension: str
    label: str


def detect(stream: IO[bytes]) -> Detected | None:
    """The file's type if it is one we accept, else None. Reads from the start and rewinds."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head:
        return None
    mime = magic.from_buffer(head, mime=True)
    if mime not in ALLOWED:
        return None
    extension, label = ALLOWED[mime]
    return Detected(mime=mime, extension=extension, label=label)
