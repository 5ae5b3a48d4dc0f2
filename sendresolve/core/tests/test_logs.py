"""The log filter (``core/logs.py``) and gunicorn's logger (``core/server_logs.py``)."""

import datetime as dt
import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from sendresolve.core.logs import RedactFamilyTokens, redact, traceback_without_messages
from sendresolve.core.server_logs import RedactingLogger

TOKEN = "eyJyIjoiU1ItQ1E2Ni1ZNVJaIn0:1rqVVI:2Dql43K4ZlATABRPa2QHDfhpZ6jBLsNxhpjaVVsSxmE"


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        (f"Not Found: /your-case/{TOKEN}/", "Not Found: /your-case/[redacted]/"),
        (
            f"/your-case/{TOKEN}/certificates/MC-2024-ABC123.pdf",
            "/your-case/[redacted]/certificates/MC-2024-ABC123.pdf",
        ),
        (f"GET /your-case/{TOKEN} HTTP/1.1", "GET /your-case/[redacted] HTTP/1.1"),
        (f"'path': 'your-case/{TOKEN}/x/'", "'path': 'your-case/[redacted]/x/'"),
        (f"/your-case/{TOKEN.replace(':', '%3A')}/?a=1", "/your-case/[redacted]/?a=1"),
        (f"/staff/?next=%2Fyour-case%2F{TOKEN}%2F", "/staff/?next=%2Fyour-case%2F[redacted]%2F"),
        ("/your-case/new-link/", "/your-case/new-link/"),
        ("/your-case/new-link/sent/", "/your-case/new-link/sent/"),
        ("/staff/cases/SR-CQ66-Y5RZ/", "/staff/cases/SR-CQ66-Y5RZ/"),
    ],
)
def test_redact_removes_the_token_of_every_family_status_path(logged, expected):
    assert redact(logged) == expected


def record(msg, args=(), exc_info=None, **extra):
    made = logging.LogRecord("test", logging.ERROR, __file__, 1, msg, args, exc_info)
    made.__dict__.update(extra)
    return made


def test_the_filter_redacts_message_arguments_and_request_and_keeps_the_record():
    request = SimpleNamespace(path=f"/your-case/{TOKEN}/", META={"RAW_URI": f"/your-case/{TOKEN}/"})
    logged = record("Not Found: %s (%s)", (f"/your-case/{TOKEN}/", 404), request=request)
    assert RedactFamilyTokens().filter(logged) is True
    assert logged.getMessage() == "Not Found: /your-case/[redacted]/ (404)"
    assert logged.request.path == "/your-case/[redacted]/"
    assert logged.request.META == {"RAW_URI": "/your-case/[redacted]/"}
    assert request.path == f"/your-case/{TOKEN}/"  # the request itself is left alone


def test_the_filter_withholds_exception_messages_but_keeps_frames_and_types():
    secrets = ("parent@example.test", "Marigold", "2015-03-04")

    def fail():
        # The source lines a traceback shows are code; the values come in at run time.
        try:
            raise KeyError(secrets[0])
        except KeyError as error:
            raise ValueError(f"{secrets[1]} Quennell-Ashworth, born {secrets[2]}") from error

    try:
        fail()
    except ValueError as error:
        exc_info = (type(error), error, error.__traceback__)
        caught = error
    logged = record("Refresh failed (%s)", (caught,), exc_info=exc_info)
    RedactFamilyTokens().filter(logged)
    text = logging.Formatter().format(logged)
    assert logged.getMessage() == "Refresh failed (ValueError)"
    assert logged.exc_info is None
    assert "builtins.KeyError: [message withheld]" in text
    assert "direct cause of the following exception" in text
    assert "builtins.ValueError: [message withheld]" in text
    assert "in fail" in text
    for secret in secrets:
        assert secret not in text


def test_traceback_without_messages_stops_at_a_cycle():
    first, second = ValueError("a"), ValueError("b")
    first.__context__, second.__context__ = second, first
    assert traceback_without_messages(first).count("ValueError: [message withheld]") == 2


def test_gunicorn_reads_our_logger_from_the_project_directory():
    settings = runpy.run_path(str(Path(__file__).parents[3] / "gunicorn.conf.py"))
    assert settings["logger_class"] == "sendresolve.core.server_logs.RedactingLogger"


def test_gunicorn_access_and_error_lines_have_no_token():
    config = Config()
    config.set("accesslog", "-")
    logger = RedactingLogger(config)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    for log in (logger.access_log, logger.error_log):
        log.addHandler(handler)
    try:
        path = f"/your-case/{TOKEN}/"
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": path.replace(":", "%3A"),
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "192.0.2.1",
            "HTTP_REFERER": f"https://example.test{path}",
        }
        response = SimpleNamespace(status="404 Not Found", sent=10, headers=[])
        request = SimpleNamespace(headers=[("REFERER", f"https://example.test{path}")])
        logger.access(response, request, environ, dt.timedelta(seconds=1))
        logger.exception("Error handling request %s", path)
    finally:
        for log in (logger.access_log, logger.error_log):
            log.removeHandler(handler)
    written = out.getvalue()
    assert '"GET /your-case/[redacted]/ HTTP/1.1" 404' in written
    assert "Error handling request /your-case/[redacted]/" in written
    assert "eyJ" not in written


def test_a_record_the_filter_cannot_read_is_withheld_not_raised():
    class Unreadable(dict):
        def __iter__(self):
            raise RuntimeError("no")

    logged = record("%(a)s", (Unreadable(a=f"/your-case/{TOKEN}/"),))
    assert RedactFamilyTokens().filter(logged) is True
    assert logged.getMessage() == "[message withheld]"
