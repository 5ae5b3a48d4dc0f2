import io
import signal

import pytest
from django.core.management import call_command


@pytest.fixture
def run_worker():
    """Run the database task worker once, as `manage.py db_worker --batch` does: every task
    that is due, then exit."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def run():
        out = io.StringIO()
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out, stderr=out
        )
        return out.getvalue()

    yield run
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
