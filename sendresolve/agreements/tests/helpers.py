"""Shared steps for the agreement tests."""

import shutil
import subprocess

from sendresolve.agreements import content, services


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils), words on single spaces."""
    assert shutil.which("pdftotext"), "pdftotext (Debian's poppler-utils) is needed"
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=bytes(pdf), capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


def draft_save(actor, case, **changes):
    """Save the default draft, with ``changes`` (intro, closing or {issue id: text})."""
    default = content.draft_default(case, case.agreement)
    sections = {s["issue"]: s["text"] for s in default["sections"]}
    sections.update(changes.pop("sections", {}))
    return services.agreement_draft_save(
        actor=actor,
        case=case,
        intro=changes.get("intro", default["intro"]),
        sections=sections,
        closing=changes.get("closing", default["closing"]),
    )
