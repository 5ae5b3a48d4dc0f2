"""The upload size limit, applied while the request is read (``FILE_UPLOAD_HANDLERS``).

A file larger than ``SENDRESOLVE_UPLOAD_MAX_BYTES`` is not kept, in memory or on disk: the
handler skips the rest of it and marks the request, so the page answers with a GOV.UK error
("The selected file must be smaller than 20 MB") and the API with 413, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

TOO_LARGE = "sendresolve.upload_too_large"


def max_bytes() -> int:
    return int(settings.SENDRESOLVE_UPLOAD_MAX_BYTES)


def max_words() -> str:
    """The limit as people say it: "20 MB"."""
    megabytes = max_bytes() / (1024 * 1024)
    return f"{megabytes:g} MB"


def upload_too_large(request: HttpRequest) -> bool:
    """Whether a file in this request was over the limit (and so left out of ``FILES``)."""
    return bool(request.META.get(TOO_LARGE))


class SizeLimitUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: counts each file's bytes and skips it past the limit."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > max_bytes():
            if self.request is not None:
                self.request.META[TOO_LARGE] = self.field_name or True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None
