from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "enforcement"
    verbose_name = _("行政处罚")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .violation_types import violation_types_ensure

        post_migrate.connect(
            lambda sender, **kwargs: violation_types_ensure(),
            sender=self,
            dispatch_uid="violation_types",
            weak=False,
        )
