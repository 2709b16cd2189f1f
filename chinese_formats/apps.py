from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChineseFormatsConfig(AppConfig):
    name = "chinese_formats"
    verbose_name = _("中文格式")
