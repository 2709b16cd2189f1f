from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from .services import RETENTION_MINIMUM_DAYS


@checks.register(checks.Tags.compatibility)
def audit_retention_check(app_configs=None, **kwargs):
    """网络安全法 第二十一条: network logs are kept no less than six months."""
    days = settings.AUDIT_RETENTION_DAYS
    if days < RETENTION_MINIMUM_DAYS:
        return [
            checks.Error(
                _("AUDIT_RETENTION_DAYS 为 %(days)s：审计记录至少保存 %(min)s 天。")
                % {"days": days, "min": RETENTION_MINIMUM_DAYS},
                hint=_(
                    "将 AUDIT_RETENTION_DAYS 设为 180 或更大（网络安全法第二十一条）。"
                ),
                id="audit_trail.E001",
            )
        ]
    return []
