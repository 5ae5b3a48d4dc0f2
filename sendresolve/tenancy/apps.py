from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _membership_changed(sender, instance, **kwargs) -> None:
    from sendresolve.tenancy.selectors import memberships_forget

    memberships_forget(instance.user_id)


class TenancyConfig(AppConfig):
    name = "sendresolve.tenancy"
    label = "tenancy"
    verbose_name = "Tenancy"

    def ready(self) -> None:
        from sendresolve.tenancy.models import Membership

        post_save.connect(_membership_changed, sender=Membership, dispatch_uid="memberships-kept")
        post_delete.connect(
            _membership_changed, sender=Membership, dispatch_uid="memberships-kept-delete"
        )
