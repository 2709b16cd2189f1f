from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("市场主体")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .districts import districts_ensure

        post_migrate.connect(
            lambda sender, **kwargs: districts_ensure(),
            sender=self,
            dispatch_uid="districts",
            weak=False,
        )
