from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

if TYPE_CHECKING:
    from sendresolve.tenancy.models import Membership


def _membership_changed(sender: type["Membership"], instance: "Membership", **kwargs: Any) -> None:
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
