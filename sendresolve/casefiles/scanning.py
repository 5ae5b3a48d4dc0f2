"""Malware scanning with ClamAV's daemon (clamd), through pyclamd.

Every upload is streamed to clamd (``INSTREAM``) before anything is stored. A file clamd finds
infected, or cannot read, is refused; if clamd cannot be reached the upload is refused too
("try again later"): nothing is ever stored unscanned. Where clamd listens is set by
``CLAMD_SOCKET`` (a unix socket) or ``CLAMD_HOST`` / ``CLAMD_PORT`` (``config/settings.py``);
``scripts/ensure-clamav.sh`` starts one for development and the tests.
"""

from __future__ import annotations

import enum
import logging
from typing import IO, Any

import pyclamd
from django.conf import settings

log = logging.getLogger(__name__)


class Verdict(enum.Enum):
    CLEAN = "clean"
    INFECTED = "infected"
    UNREADABLE = "unreadable"
    UNAVAILABLE = "unavailable"


def _client() -> Any:
    timeout = settings.CLAMD_TIMEOUT
    if settings.CLAMD_SOCKET:
        return pyclamd.ClamdUnixSocket(filename=settings.CLAMD_SOCKET, timeout=timeout)
    return pyclamd.ClamdNetworkSocket(
        host=settings.CLAMD_HOST, port=settings.CLAMD_PORT, timeout=timeout
    )


def scanner_available() -> bool:
    """Whether clamd answers a PING (the health check and the tests ask)."""
    try:
        return bool(_client().ping())
    except (pyclamd.ConnectionError, OSError):
        return False


def scan(stream: IO[bytes]) -> Verdict:
    """Scan the whole file from its start; rewind it afterwards."""
    stream.seek(0)
    try:
        result = _client().scan_stream(stream, chunk_size=64 * 1024)
    except pyclamd.BufferTooLongError:
        return Verdict.UNREADABLE
    except (pyclamd.ConnectionError, OSError) as error:
        # No file name or content in the log line: only that the scanner could not be reached.
        log.error("Virus scanner unavailable: %s", type(error).__name__)
        return Verdict.UNAVAILABLE
    finally:
        stream.seek(0)
    if not result:
        return Verdict.CLEAN
    status, _reason = next(iter(result.values()))
    if status == "FOUND":
        log.warning("Upload refused: malware found by the virus scanner")
        return Verdict.INFECTED
    return Verdict.UNREADABLE
