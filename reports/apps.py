from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("统计报告")

    def ready(self):
        from . import percentiles  # noqa: F401  (SQLite's percentile_cont)
