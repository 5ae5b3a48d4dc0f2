"""gunicorn's settings for SEND Resolve, read from the project directory by default.

``gunicorn config.wsgi`` run from here picks this file up: its logger redacts family status-link
tokens from access lines (when ``--access-logfile`` turns them on) and error lines.
"""

logger_class = "sendresolve.core.server_logs.RedactingLogger"
