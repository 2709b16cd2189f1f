from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import Sector


class Campaign(models.Model):
    """A special campaign (专项行动); leads, cases and violations carry it as a tag."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    sector = models.CharField(_("领域"), max_length=32, choices=Sector.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        "organisation.OrganisationUnit",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        ordering = ["-starts_on", "name"]

    def __str__(self):
        return self.name


class OfflineClearance(models.Model):
    """Products taken off the shelves at one enterprise in one inspection (线下清理)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("专项行动"),
        on_delete=models.PROTECT,
        related_name="offline_clearances",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("经营者"),
        on_delete=models.PROTECT,
        related_name="offline_clearances",
    )
    inspected_on = models.DateField(_("检查日期"))
    products_removed = models.PositiveIntegerField(_("下架产品数"))
    description = models.TextField(_("清理情况"))
    officer = models.ForeignKey(
        "organisation.User",
        verbose_name=_("检查人员"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("线下清理记录")
        verbose_name_plural = _("线下清理记录")
        ordering = ["-inspected_on", "-id"]
        permissions = [("record_offline_clearance", _("登记线下清理"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(products_removed__gt=0),
                name="clearance_removes_something",
                violation_error_message=_("下架产品数应大于零。"),
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.inspected_on} {self.products_removed}"
