from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.models import Sector


class PenaltyKind(models.TextChoices):
    """Kinds of administrative penalty (行政处罚法 Art. 9)."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATION = "confiscation", _("没收违法所得、没收非法财物")
    QUALIFICATION_DOWNGRADE = "downgrade", _("降低资质等级")
    LICENCE_REVOCATION = "licence_revocation", _("吊销许可证件")
    SUSPENSION = "suspension", _("责令停产停业")
    CLOSURE = "closure", _("责令关闭")
    RESTRICTION = "restriction", _("限制从业")
    NONE = "none", _("不予处罚")


class ViolationType(models.Model):
    """A kind of violation, with the provision it breaches and the one that punishes it.
    Data, not code: administrators add types as rules change."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    sector = models.CharField(_("领域"), max_length=32, choices=Sector.choices)
    breached_provision = models.CharField(_("违反条款"), max_length=200, blank=True)
    penalty_provision = models.CharField(_("处罚依据"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("违法行为类型")
        verbose_name_plural = _("违法行为类型")
        ordering = ["sector", "code"]

    def __str__(self):
        return self.name


class Violation(models.Model):
    """A finding against an enterprise: what investigators search as its history.

    Created by penalty decisions, or entered and imported as history.
    """

    class Source(models.TextChoices):
        CASE = "case", _("行政处罚案件")
        SUMMARY = "summary", _("简易程序")
        ONLINE_CLEANUP = "online_cleanup", _("网络清理")
        HISTORY_IMPORT = "history_import", _("历史数据导入")
        MANUAL = "manual", _("手工录入")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("当事人"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    violation_type = models.ForeignKey(
        ViolationType,
        verbose_name=_("违法行为类型"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    legal_basis = models.CharField(_("法律依据"), max_length=300)
    decision_number = models.CharField(_("决定书文号"), max_length=100, blank=True)
    decided_on = models.DateField(_("决定日期"), db_index=True)
    penalty_kind = models.CharField(
        _("处罚种类"), max_length=24, choices=PenaltyKind.choices
    )
    fine_amount = models.DecimalField(
        _("罚款金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    confiscated_amount = models.DecimalField(
        _("没收金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    facts = models.TextField(_("违法事实"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violations",
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(
        _("来源记录"), max_length=100, blank=True, help_text=_("案件编号或导入批次。")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("违法记录")
        verbose_name_plural = _("违法记录")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "decided_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fine_amount__gte=0)
                & models.Q(confiscated_amount__gte=0),
                name="violation_amounts_not_negative",
                violation_error_message=_("金额不能为负数。"),
            ),
            models.UniqueConstraint(
                fields=["enterprise", "decision_number", "violation_type"],
                condition=~models.Q(decision_number=""),
                name="violation_unique_per_decision",
                violation_error_message=_("该决定书已登记过此违法行为。"),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.violation_type} · {self.decided_on}"
