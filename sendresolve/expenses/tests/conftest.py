"""The documents tests' fixtures (a throwaway storage directory per test, the real ClamAV
daemon, a case in follow-up after a held meeting, API clients), for receipts."""

from sendresolve.casefiles.tests.conftest import (  # noqa: F401 (fixtures)
    api,
    case,
    case_files_dir,
    clamd_running,
)
