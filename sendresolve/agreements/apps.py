from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "sendresolve.agreements"
    label = "agreements"
    verbose_name = "Mediation agreements"

    def ready(self) -> None:
        from django.urls import register_converter

        from sendresolve.agreements.converters import AgreementNumberConverter

        register_converter(AgreementNumberConverter, "agreement_number")
        # /verify/ answers for agreements and summaries through the verification app's
        # registry, so that app never imports this one.
        from sendresolve.agreements import checks
        from sendresolve.verification.models import VerificationCode
        from sendresolve.verification.selectors import checker_register

        checker_register(VerificationCode.Kind.AGREEMENT, checks.agreement_check)
        checker_register(VerificationCode.Kind.REMAINING_ISSUES, checks.summary_check)
        # Posting the agreement and the summary by letter reads their PDFs through the
        # notifications app's registry.
        from sendresolve.notifications.letters import document_pdf_register

        document_pdf_register("agreement", checks.agreement_pdf)
        document_pdf_register("remaining_issues", checks.summary_pdf)
