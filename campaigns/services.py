import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Enterprise
from organisation.models import User

from .models import Campaign, OfflineClearance

CLEARANCE_OUTSIDE_CAMPAIGN = _("检查日期 %(date)s 不在专项行动“%(campaign)s”期间内。")
CLEARANCE_IN_FUTURE = _("检查日期不能晚于今天。")
CLEARANCE_FORBIDDEN = _("您没有登记线下清理的权限。")


@transaction.atomic
def offline_clearance_record(
    *,
    campaign: Campaign,
    enterprise: Enterprise,
    inspected_on: datetime.date,
    products_removed: int,
    description: str,
    officer: User,
) -> OfflineClearance:
    if not officer.has_perm("campaigns.record_offline_clearance"):
        raise ValidationError(CLEARANCE_FORBIDDEN, code="permission")
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": ValidationError(CLEARANCE_IN_FUTURE)})
    if inspected_on < campaign.starts_on or (
        campaign.ends_on and inspected_on > campaign.ends_on
    ):
        raise ValidationError(
            {
                "inspected_on": ValidationError(
                    CLEARANCE_OUTSIDE_CAMPAIGN,
                    params={"date": inspected_on, "campaign": campaign.name},
                )
            }
        )
    clearance = OfflineClearance(
        campaign=campaign,
        enterprise=enterprise,
        inspected_on=inspected_on,
        products_removed=products_removed,
        description=description.strip(),
        officer=officer,
    )
    clearance.full_clean()
    clearance.save()
    return clearance
