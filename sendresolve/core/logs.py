"""What the logs may say: family status-link tokens redacted, exception messages withheld.

A family's status page lives at ``/your-case/<token>/``; the token is a working key to the case
(and carries its reference). Django's ``django.request`` warnings ("Not Found: /your-case/…"),
the CSRF logger, ``runserver``'s request lines and gunicorn's access log all name the path, so
``RedactFamilyTokens`` rewrites every such path to ``/your-case/[redacted]/…`` in the message,
its arguments, the request a handler could format and the traceback's text.

A traceback's frames point at code; its messages carry data (a database's ``DETAIL: Key
(email)=(…)``, a library's "not a valid address: …"). So the filter also turns a record's
exception into text with every frame and exception type but no message, and an exception passed
as an argument into its type's name. ``config/settings.py`` ``LOGGING`` attaches the filter to the
loggers that name paths and to the console handler; ``gunicorn.conf.py`` to gunicorn's loggers.
"""

import copy
import logging
import re
import traceback
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"
WITHHELD = "[message withheld]"
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"

# The first path segment of every family URL that carries a status-link token, or a saved
# request's (``public/family/urls.py``); ``your-case/new-link/`` carries none.
TOKEN_SEGMENTS = ("your-case", "saved-request")

_SLASH = r"(?:/|%2f)"
_END = r"(?:[/?#\s'\"\\]|%2f|$)"
FAMILY_TOKEN = re.compile(
    rf"((?:{'|'.join(TOKEN_SEGMENTS)}){_SLASH})"
    rf"(?!new-link{_END})(?:(?!%2f)[^/?#\s'\"\\])+",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with the token of every family status path replaced by ``[redacted]``."""
    return FAMILY_TOKEN.sub(rf"\g<1>{REDACTED}", text)


def _safe_arg(value: Any) -> Any:
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, int | float):
        return value
    try:
        text = str(value)
    except Exception:  # an object that cannot say what it is cannot leak a token either
        return value
    redacted = redact(text)
    return value if redacted == text else redacted


def traceback_without_messages(error: BaseException) -> str:
    """A traceback's frames and exception types, chained ones included, with no message."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts: list[str] = []
    for exception, link in reversed(chain):
        if exception.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(exception.__traceback__))
        kind = type(exception)
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {WITHHELD}\n")
        if link:
            parts.append(link)
    return "".join(parts).rstrip("\n")


def _redacted_request(request: Any) -> Any:
    """A shallow copy of an ``HttpRequest`` whose path, and ``META``'s strings, are redacted."""
    path = getattr(request, "path", None)
    if not isinstance(path, str) or not isinstance(getattr(request, "META", None), dict):
        return request
    clone = copy.copy(request)
    clone.path = redact(path)
    clone.path_info = redact(getattr(request, "path_info", path))
    clone.META = {
        key: redact(value) if isinstance(value, str) else value
        for key, value in request.META.items()
    }
    return clone


class RedactFamilyTokens(logging.Filter):
    """Redact status-link tokens and withhold exception messages; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._redact(record)
        except Exception:  # a filter that raises would break the caller: withhold instead
            record.msg, record.args, record.exc_info, record.exc_text = WITHHELD, (), None, None
            record.request = None
        return True

    def _redact(self, record: logging.LogRecord) -> None:
        record.msg = redact(record.msg) if isinstance(record.msg, str) else _safe_arg(record.msg)
        if isinstance(record.args, Mapping):
            args = copy.copy(record.args)
            for key in list(args):
                args[key] = _safe_arg(args[key])  # type: ignore[index]
            record.args = args
        elif record.args:
            record.args = tuple(_safe_arg(value) for value in record.args)
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(traceback_without_messages(record.exc_info[1]))
            # Handlers that format the exception themselves would print its message.
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        request = getattr(record, "request", None)
        if request is not None:
            record.request = _redacted_request(request)
