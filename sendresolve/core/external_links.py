"""Addresses of public pages outside this service that families are sent to.

Kept in one place so the advice page, its PDF and the emails (the certificate email) give the
same, current address. Plain constants: no settings, no network.
"""

#: The First-tier Tribunal (Special Educational Needs and Disability) on GOV.UK.
TRIBUNAL_HOME = "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability"
#: The appeal form, SEND35, and its notes.
TRIBUNAL_APPEAL_FORM = (
    "https://www.gov.uk/government/publications/appeal-to-the-send-tribunal-form-send35"
)
#: GOV.UK guidance on appealing to the tribunal.
TRIBUNAL_GUIDANCE = "https://www.gov.uk/special-educational-needs-disability-tribunal"
