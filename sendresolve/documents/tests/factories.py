"""Test data for the documents app: plain values, since the app has no models."""

import datetime as dt

from sendresolve.documents.certificates import CertificateData


def certificate_data(**overrides) -> CertificateData:
    """Return a certificate based on law.md worked example C, with any field overridden.

    Decision letter Wed 31 Jan 2024, certificate issued Fri 15 Mar 2024: appeal by 5pm on
    Mon 15 Apr 2024 (the later of the two limbs).
    """
    values = {
        "number": "MC-2024-000123",
        "kind": "declined",
        "issue_date": dt.date(2024, 3, 15),
        "issuer_name": "Priya Shah",
        "provider_name": "Alpha Mediation",
        "provider_contact": "020 7946 0000, advice@alpha-mediation.example",
        "local_authority_name": "London Borough of Barnet",
        "case_reference": "BAR-2024-0042",
        "child_name": "Sam Taylor",
        "child_date_of_birth": dt.date(2015, 6, 2),
        "appellant_name": "Alex Taylor",
        "appellant_role": "parent",
        "decision_description": "Decision not to issue an EHC plan",
        "decision_letter_date": dt.date(2024, 1, 31),
        "issues": ("Whether an EHC plan is necessary", "Speech and language therapy provision"),
        "health_care_in_issue": False,
        "appeal_deadline": dt.date(2024, 4, 15),
        "appeal_deadline_rule": (
            "This is the later of 2 months from the date of the decision letter and 1 month "
            "from the date of this certificate."
        ),
        "mediation_dates": (),
        "la_informed_date": None,
    }
    values.update(overrides)
    return CertificateData(**values)
