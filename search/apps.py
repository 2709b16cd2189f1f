from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("检索")

    def ready(self):
        from .audit_feed import search_audit_connect

        search_audit_connect()
