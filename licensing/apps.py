from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("行政许可")

    def ready(self):
        from .audit_feed import licensing_audit_connect

        licensing_audit_connect()
