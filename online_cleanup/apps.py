from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineCleanupConfig(AppConfig):
    name = "online_cleanup"
    verbose_name = _("网络清理")

    def ready(self):
        from enterprises.selectors import TIMELINE_SOURCES

        from .audit_feed import online_cleanup_audit_connect
        from .timeline import listing_takedown_entries

        if listing_takedown_entries not in TIMELINE_SOURCES:
            TIMELINE_SOURCES.append(listing_takedown_entries)
        online_cleanup_audit_connect()
