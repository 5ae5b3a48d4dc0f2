"""Verification codes: anyone holding a certificate (and, later, an agreement or a summary) can
check it is genuine at /verify/ (issue 21)."""
