"""Online listing cleanup (电子商务法 Arts. 15, 29, 31, 80; 网络交易监督管理办法 Art. 34):
monitoring hits become leads; a lead's seller is identified, its platform told to take the
listing down, the takedown verified, and the lead closed, referred out or escalated to a
penalty case."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class ListingProblem(models.TextChoices):
    """What is wrong with a listing; the annual report counts by these."""

    ILLEGAL_PRODUCT = "illegal_product", _("违法产品信息")
    FALSE_QUALIFICATION = "false_qualification", _("虚假资质信息")
    FALSE_ADVERTISING = "false_advertising", _("虚假宣传")
    UNLICENSED = "unlicensed", _("无证经营")
    NO_LICENCE_DISPLAY = "no_licence_display", _("未亮照亮证")


class LeadSource(models.TextChoices):
    MONITORING = "monitoring", _("网络监测")
    COMPLAINT = "complaint", _("投诉举报")
    CAMPAIGN = "campaign", _("专项行动")


class TakedownMeasure(models.TextChoices):
    DELETE = "delete", _("删除")
    BLOCK = "block", _("屏蔽")
    DELIST = "delist", _("下架")
    SUSPEND = "suspend", _("暂停服务")


class LeadState(models.TextChoices):
    REGISTERED = "registered", _("待核查主体")
    IDENTIFIED = "identified", _("已确定主体")
    NOTIFIED = "notified", _("已通知平台处置")
    REMOVED = "removed", _("已核实下架")
    NOT_REMOVED = "not_removed", _("平台未处置")
    REFERRED = "referred", _("已移送外地")
    CLOSED = "closed", _("已办结")
    ESCALATED = "escalated", _("已转立案")


class ListingLead(ConcurrentTransitionMixin, models.Model):
    """One listing (商品或服务信息) found online, however many times it was captured."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("专项行动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listing_leads",
    )
    source = models.CharField(_("来源"), max_length=16, choices=LeadSource.choices)
    platform_name = models.CharField(_("平台"), max_length=100)
    platform = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("平台经营者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shop_name = models.CharField(_("店铺"), max_length=200)
    listing_url = models.CharField(_("链接或商品编号"), max_length=500)
    listing_key = models.CharField(
        _("去重键"),
        max_length=300,
        unique=True,
        help_text=_("平台与商品编号（或规范化链接）；同一商品再次监测到时合并。"),
    )
    product_name = models.CharField(_("商品名称"), max_length=200)
    problem = models.CharField(
        _("涉嫌问题"), max_length=24, choices=ListingProblem.choices
    )
    suspected_violation = models.TextField(_("涉嫌违法情形"))
    first_captured_at = models.DateTimeField(_("首次发现时间"))
    last_captured_at = models.DateTimeField(_("最近发现时间"))
    hit_count = models.PositiveIntegerField(_("监测次数"), default=1)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    state = FSMField(
        _("状态"),
        max_length=16,
        choices=LeadState.choices,
        default=LeadState.REGISTERED,
        protected=True,
        db_index=True,
    )
    seller = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("平台内经营者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listing_leads",
    )
    referred_to = models.CharField(_("移送机关"), max_length=100, blank=True)
    referral_number = models.CharField(_("移送函文号"), max_length=100, blank=True)
    measure = models.CharField(
        _("要求采取的措施"), max_length=12, choices=TakedownMeasure.choices, blank=True
    )
    platform_deadline = models.DateField(_("平台处置期限"), null=True, blank=True)
    notice_number = models.CharField(
        _("平台处置通知书文号"), max_length=100, blank=True
    )
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    outcome_note = models.TextField(_("处理结果"), blank=True)
    escalated_against = models.CharField(
        _("立案对象"),
        max_length=12,
        choices=[("seller", _("平台内经营者")), ("platform", _("平台经营者"))],
        blank=True,
    )
    case_reference = models.CharField(_("立案案件"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("网络监测线索")
        verbose_name_plural = _("网络监测线索")
        ordering = ["-registered_at", "-id"]
        permissions = [
            ("register_listing_lead", _("登记网络监测线索")),
            ("handle_listing_lead", _("办理网络清理")),
        ]

    def __str__(self):
        return f"{self.platform_name} · {self.shop_name} · {self.product_name}"

    def clean_fields(self, exclude=None):
        # Protected FSM field: the transitions guard it (see licensing.models).
        super().clean_fields(exclude={*(exclude or ()), "state"})

    @transition(field=state, source=LeadState.REGISTERED, target=LeadState.IDENTIFIED)
    def identify(self, *, seller) -> None:
        self.seller = seller

    @transition(field=state, source=LeadState.REGISTERED, target=LeadState.REFERRED)
    def refer_out(self, *, authority: str, seller=None) -> None:
        self.referred_to = authority
        self.seller = seller

    @transition(field=state, source=LeadState.REFERRED, target=None)
    def record_referral_letter(self, *, number: str) -> None:
        self.referral_number = number

    @transition(field=state, source=LeadState.IDENTIFIED, target=LeadState.NOTIFIED)
    def notify_platform(self, *, measure: str, deadline) -> None:
        self.measure = measure
        self.platform_deadline = deadline

    @transition(field=state, source=LeadState.NOTIFIED, target=None)
    def record_notice(self, *, number: str) -> None:
        self.notice_number = number

    @transition(field=state, source=LeadState.NOTIFIED, target=LeadState.REMOVED)
    def confirm_removed(self, *, outcome: str) -> None:
        self.verified_at = timezone.now()
        self.outcome_note = outcome

    @transition(field=state, source=LeadState.NOTIFIED, target=LeadState.NOT_REMOVED)
    def confirm_not_removed(self, *, outcome: str) -> None:
        self.verified_at = timezone.now()
        self.outcome_note = outcome

    @transition(field=state, source=LeadState.REMOVED, target=LeadState.CLOSED)
    def close(self) -> None:
        pass

    @transition(
        field=state,
        source=[LeadState.REMOVED, LeadState.NOT_REMOVED],
        target=LeadState.ESCALATED,
    )
    def escalate(self, *, against: str) -> None:
        self.escalated_against = against

    @transition(field=state, source=LeadState.ESCALATED, target=None)
    def record_case(self, *, reference: str) -> None:
        self.case_reference = reference


def _evidence_path(instance: "EvidenceCapture", filename: str) -> str:
    return f"online_evidence/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class EvidenceCapture(models.Model):
    """A captured page or screenshot, stored once with its SHA-256; never changed."""

    lead = models.ForeignKey(
        ListingLead, on_delete=models.PROTECT, related_name="captures"
    )
    file = models.FileField(_("证据文件"), upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    captured_at = models.DateTimeField(_("取证时间"))
    note = models.CharField(_("说明"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("电子证据")
        verbose_name_plural = _("电子证据")
        ordering = ["captured_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "sha256"], name="capture_once_per_lead"
            )
        ]

    def __str__(self):
        return f"{self.original_name} ({self.sha256[:12]})"


class TakedownCheck(models.Model):
    """A re-check of the listing after the platform's deadline."""

    lead = models.ForeignKey(
        ListingLead, on_delete=models.CASCADE, related_name="checks"
    )
    checked_at = models.DateTimeField(_("核查时间"), default=timezone.now)
    still_online = models.BooleanField(_("仍在线"))
    note = models.TextField(_("核查情况"))
    capture = models.ForeignKey(
        EvidenceCapture,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("下架核查")
        verbose_name_plural = _("下架核查")
        ordering = ["checked_at", "id"]

    def __str__(self):
        return f"{self.lead_id} {self.checked_at:%Y-%m-%d}"


class ListingImport(models.Model):
    """One bulk import of monitoring hits and what became of each row."""

    file_name = models.CharField(_("文件名"), max_length=255)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    rows_created = models.PositiveIntegerField(_("新建线索"), default=0)
    rows_merged = models.PositiveIntegerField(_("合并重复"), default=0)
    rows_rejected = models.PositiveIntegerField(_("退回行"), default=0)
    report = models.JSONField(_("逐行结果"), default=list)

    class Meta:
        verbose_name = _("监测数据导入")
        verbose_name_plural = _("监测数据导入")
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.file_name} {self.imported_at:%Y-%m-%d %H:%M}"


class ListingLeadEvent(models.Model):
    """Audit trail of a lead: who did what, when, and what they noted."""

    lead = models.ForeignKey(
        # PROTECT: a lead with history is never deleted (issue 13).
        ListingLead,
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField(_("操作"), max_length=40)
    state = models.CharField(_("办理后状态"), max_length=16, choices=LeadState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("线索办理记录")
        verbose_name_plural = _("线索办理记录")
        ordering = ["occurred_at", "id"]

    def __str__(self):
        return f"{self.lead_id} {self.action}"
