from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PublicConfig(AppConfig):
    name = "sendresolve.public"
    label = "public"
    verbose_name = "Family pages"

    def ready(self) -> None:
        from sendresolve.public.finder.page_cache import contacts_forget
        from sendresolve.tenancy.models import Commission, LocalAuthority, Provider

        # What the advice page shows of a council: read afresh once any of it changes here.
        for model in (LocalAuthority, Provider, Commission):
            for signal in (post_save, post_delete):
                signal.connect(
                    contacts_forget,
                    sender=model,
                    dispatch_uid=f"advice-contacts-{model._meta.label}-{signal is post_save}",
                )
