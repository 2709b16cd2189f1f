from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineCleanupConfig(AppConfig):
    name = "online_cleanup"
    verbose_name = _("网络清理")
