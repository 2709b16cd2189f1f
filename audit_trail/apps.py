from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditTrailConfig(AppConfig):
    name = "audit_trail"
    verbose_name = _("安全审计")

    def ready(self):
        from . import checks  # noqa: F401  (registers the retention check)
