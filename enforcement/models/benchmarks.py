"""Administrator-set rules of the penalty procedure: the periods and hearing thresholds the
bureau applies (PenaltyPolicy) and its published discretion benchmarks (裁量基准).

Both are data because the sources are not settled law: the SAMR hearing rules' 较大数额 is
set locally, and benchmarks are revised and republished. A case pins the benchmark version
it used, so a later version never changes what an old decision cited.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BENCHMARK_PUBLISHED_FROZEN = _(
    "《%(benchmark)s》已发布，其条目不能修改；请另行发布新版本。"
)
BENCHMARK_RANGE_INVALID = _("%(circumstance)s的罚款下限不能高于上限。")


class PenaltyPolicy(models.Model):
    """Periods and thresholds the bureau applies to penalty cases; one row, edited in the
    admin. Defaults follow DOMAIN.md; statutory constants (the summary-procedure limits of
    行政处罚法 Art. 51, the 3 % surcharge of Art. 72) are not here."""

    verification_working_days = models.PositiveSmallIntegerField(
        _("核查期限（工作日）"), default=15
    )
    verification_extension_working_days = models.PositiveSmallIntegerField(
        _("核查延长期限（工作日）"), default=15
    )
    case_review_working_days = models.PositiveSmallIntegerField(
        _("案件审核期限（工作日）"), default=10
    )
    statement_working_days = models.PositiveSmallIntegerField(
        _("陈述申辩、要求听证期限（工作日）"), default=5
    )
    hearing_notice_working_days = models.PositiveSmallIntegerField(
        _("听证通知提前期（工作日）"),
        default=7,
        help_text=_("行政处罚法第六十四条：举行听证的七日前通知当事人。"),
    )
    decision_natural_days = models.PositiveSmallIntegerField(
        _("作出处罚决定期限（自然日）"), default=90
    )
    head_extension_natural_days = models.PositiveSmallIntegerField(
        _("负责人批准延长期限（自然日）"), default=30
    )
    service_working_days = models.PositiveSmallIntegerField(
        _("决定书送达期限（工作日）"), default=7
    )
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示期限（工作日）"), default=20
    )
    payment_natural_days = models.PositiveSmallIntegerField(
        _("缴纳罚款期限（自然日）"), default=15
    )
    preservation_working_days = models.PositiveSmallIntegerField(
        _("先行登记保存处理期限（工作日）"), default=7
    )
    seizure_natural_days = models.PositiveSmallIntegerField(
        _("查封扣押期限（自然日）"), default=30
    )
    seizure_extension_natural_days = models.PositiveSmallIntegerField(
        _("查封扣押延长期限（自然日）"), default=30
    )
    summary_filing_working_days = models.PositiveSmallIntegerField(
        _("简易程序决定备案期限（工作日）"), default=5
    )
    demand_wait_natural_days = models.PositiveSmallIntegerField(
        _("催告后申请强制执行等待期（自然日）"),
        default=10,
        help_text=_("行政强制法第五十四条：催告书送达十日后仍未履行的，可以申请。"),
    )
    max_line_amount = models.DecimalField(
        _("单项罚没款金额上限（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("1000000000"),
        help_text=_(
            "一项罚款或没收金额超过此数的，视为录入错误予以拒绝（如多输了位数）；"
            "确有更大金额的案件，由系统管理员调高。"
        ),
    )
    hearing_fine_individual = models.DecimalField(
        _("听证标准：对公民的罚款（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("5000"),
    )
    hearing_fine_organisation = models.DecimalField(
        _("听证标准：对法人或者其他组织的罚款（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("100000"),
    )
    hearing_confiscation_individual = models.DecimalField(
        _("听证标准：没收公民违法所得或者非法财物价值（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("5000"),
    )
    hearing_confiscation_organisation = models.DecimalField(
        _("听证标准：没收法人或者其他组织违法所得或者非法财物价值（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("100000"),
    )
    bureau_address = models.CharField(
        _("办案机构地址"), max_length=200, default="武汉市江岸区三阳路8号"
    )
    contact_phone = models.CharField(
        _("联系电话"), max_length=40, default="027-85775321"
    )
    payment_method = models.CharField(
        _("缴纳方式"),
        max_length=300,
        default=(
            "持本决定书到湖北省非税收入收缴代理银行缴纳，或者通过“湖北政务服务网”"
            "电子缴款系统缴纳"
        ),
    )
    reconsideration_body = models.CharField(
        _("行政复议机关"), max_length=100, default="武汉市人民政府"
    )
    litigation_court = models.CharField(
        _("行政诉讼管辖法院"), max_length=100, default="武汉市江岸区人民法院"
    )
    warning_days = models.PositiveSmallIntegerField(
        _("期限届满前提醒（日）"),
        default=3,
        help_text=_("案件期限届满前多少日开始提醒办案人员。"),
    )

    class Meta:
        verbose_name = _("行政处罚期限与听证标准")
        verbose_name_plural = _("行政处罚期限与听证标准")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "PenaltyPolicy":
        policy = cls.objects.order_by("pk").first()
        return policy or cls.objects.create()


class Circumstance(models.TextChoices):
    """The circumstance band a discretion benchmark sets a fine range for."""

    MITIGATING = "mitigating", _("从轻")
    ORDINARY = "ordinary", _("一般")
    AGGRAVATING = "aggravating", _("从重")


class DiscretionBenchmark(models.Model):
    """One version of the bureau's published discretion benchmarks (行政处罚法 Art. 34).

    Editable until published; published versions are frozen, and the next revision is a
    new version. Cases pin the version they applied."""

    title = models.CharField(
        _("名称"),
        max_length=150,
        default="武汉市市场监督管理局行政处罚裁量基准",
    )
    version = models.CharField(_("版本"), max_length=40)
    document_number = models.CharField(_("发布文号"), max_length=100, blank=True)
    effective_from = models.DateField(_("施行日期"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("裁量基准")
        verbose_name_plural = _("裁量基准")
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "version"],
                name="discretion_benchmark_version_once",
                violation_error_message=_("该版本已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.title}（{self.version}）"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def publish(self) -> None:
        self.published_at = self.published_at or timezone.now()


class DiscretionRule(models.Model):
    """A benchmark's fine ranges for one violation type."""

    benchmark = models.ForeignKey(
        DiscretionBenchmark,
        verbose_name=_("裁量基准"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    violation_type = models.ForeignKey(
        "enforcement.ViolationType",
        verbose_name=_("违法行为类型"),
        on_delete=models.PROTECT,
        related_name="discretion_rules",
    )
    item = models.CharField(_("条目"), max_length=40, help_text=_("例如“第12项”。"))
    mitigating_min = models.DecimalField(
        _("从轻：罚款下限（元）"), max_digits=14, decimal_places=2
    )
    mitigating_max = models.DecimalField(
        _("从轻：罚款上限（元）"), max_digits=14, decimal_places=2
    )
    ordinary_min = models.DecimalField(
        _("一般：罚款下限（元）"), max_digits=14, decimal_places=2
    )
    ordinary_max = models.DecimalField(
        _("一般：罚款上限（元）"), max_digits=14, decimal_places=2
    )
    aggravating_min = models.DecimalField(
        _("从重：罚款下限（元）"), max_digits=14, decimal_places=2
    )
    aggravating_max = models.DecimalField(
        _("从重：罚款上限（元）"), max_digits=14, decimal_places=2
    )
    note = models.TextField(_("适用情形"), blank=True)

    class Meta:
        verbose_name = _("裁量基准条目")
        verbose_name_plural = _("裁量基准条目")
        ordering = ["benchmark", "item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "violation_type"],
                name="discretion_rule_once_per_type",
                violation_error_message=_("该版本已有此违法行为类型的条目。"),
            )
        ]

    def __str__(self):
        return f"{self.benchmark.version} {self.item} {self.violation_type}"

    def clean(self):
        if self.benchmark_id and self.benchmark.is_published:
            raise ValidationError(
                BENCHMARK_PUBLISHED_FROZEN, params={"benchmark": self.benchmark}
            )
        for circumstance in Circumstance:
            low, high = self.range_for(circumstance)
            if low is not None and high is not None and low > high:
                raise ValidationError(
                    BENCHMARK_RANGE_INVALID, params={"circumstance": circumstance.label}
                )

    def range_for(self, circumstance: str) -> tuple[Decimal, Decimal]:
        return (
            getattr(self, f"{circumstance}_min"),
            getattr(self, f"{circumstance}_max"),
        )
