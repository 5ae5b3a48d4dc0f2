"""gunicorn's logger with status-link tokens redacted (``gunicorn.conf.py`` names it).

gunicorn writes no access log unless asked (``--access-logfile``); when it does, each line names
the path, the raw URI, the query and the referrer, and its error log names the URI of a request
that failed. This logger redacts family status-link tokens in all of them, with the same filter
as Django's logs (``core/logs.py``).
"""

import datetime as dt
from typing import Any

from gunicorn.glogging import Logger

from sendresolve.core.logs import RedactFamilyTokens, redact


class RedactingLogger(Logger):
    """gunicorn's own logger, with no status-link token in an access or error line."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for old in [f for f in log.filters if isinstance(f, RedactFamilyTokens)]:
                log.removeFilter(old)
            log.addFilter(RedactFamilyTokens())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: dt.timedelta) -> dict:
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
