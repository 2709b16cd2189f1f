"""Small food workshops (食品小作坊) the bureau closed down (关停), so they can be counted.

A closure is a fact recorded after the event, like an offline clearance: the officer who
closed the workshop, where, why and when. Unlicensed workshops often have no registered
market subject, so the link to an enterprise is optional.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ClosureReason(models.TextChoices):
    UNLICENSED = "unlicensed", _("未取得小作坊登记证从事生产加工")
    UNSANITARY = "unsanitary", _("生产加工条件不符合食品安全要求")
    ILLEGAL_SUBSTANCES = (
        "illegal_substances",
        _("使用非食用物质或者超范围超限量使用添加剂"),
    )
    NOT_RECTIFIED = "not_rectified", _("责令整改逾期未改正")
    OTHER = "other", _("其他依法应当关停的情形")


class WorkshopClosure(models.Model):
    """One small food workshop closed down on one day (取缔、关停)."""

    workshop_name = models.CharField(_("作坊名称"), max_length=200)
    operator_name = models.CharField(_("经营者"), max_length=50, blank=True)
    district = models.ForeignKey(
        "enterprises.District",
        verbose_name=_("辖区"),
        on_delete=models.PROTECT,
        related_name="workshop_closures",
    )
    address = models.CharField(_("生产加工地址"), max_length=255)
    reason = models.CharField(
        _("关停原因"), max_length=24, choices=ClosureReason.choices
    )
    details = models.TextField(
        _("关停情况"), help_text=_("现场情况、采取的措施（取缔、查扣工具设备等）。")
    )
    closed_on = models.DateField(_("关停日期"), db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("市场主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshop_closures",
        help_text=_("已办理登记的，关联其市场主体。"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("关停小作坊")
        verbose_name_plural = _("关停小作坊")
        ordering = ["-closed_on", "-id"]
        permissions = [("record_workshop_closure", _("登记关停小作坊"))]
        indexes = [models.Index(fields=["district", "closed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop_name", "address", "closed_on"],
                name="workshop_closure_once",
                violation_error_message=_("该小作坊在该日期的关停已经登记。"),
            )
        ]

    def __str__(self):
        return f"{self.workshop_name}（{self.closed_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("workshops:closure:detail", args=[self.pk])
