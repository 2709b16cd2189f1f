from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .credit_codes import ENTITY_KINDS, validate_credit_code_field


class Sector(models.TextChoices):
    """Regulated sector; shared by enterprises, violation types and campaigns."""

    FOOD_PRODUCTION = "food_production", _("食品生产")
    FOOD_TRADE = "food_trade", _("食品销售")
    CATERING = "catering", _("餐饮服务")
    HEALTH_FOOD = "health_food", _("保健食品")
    COSMETICS = "cosmetics", _("化妆品")
    MEDICAL_DEVICES = "medical_devices", _("医疗器械")
    DRUGS = "drugs", _("药品")
    SPECIAL_EQUIPMENT = "special_equipment", _("特种设备")
    INDUSTRIAL_PRODUCTS = "industrial_products", _("工业产品")
    ONLINE_TRADE = "online_trade", _("网络交易")
    OTHER = "other", _("其他")


class District(models.Model):
    region_code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=40)

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        ordering = ["region_code"]

    def __str__(self):
        return self.name


class Enterprise(models.Model):
    """A market subject (市场主体) as registered; the record investigators look up."""

    class RegistrationStatus(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("registration status", "存续")
        REVOKED = "revoked", pgettext_lazy("registration status", "吊销")
        DEREGISTERED = "deregistered", pgettext_lazy("registration status", "注销")

    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code_field],
    )
    registration_number = models.CharField(
        _("注册号"),
        max_length=15,
        blank=True,
        help_text=_("15位旧注册号，未换发信用代码的主体填写。"),
    )
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    legal_representative = models.CharField(_("法定代表人（负责人）"), max_length=50)
    address = models.CharField(_("住所"), max_length=255)
    district = models.ForeignKey(
        District,
        verbose_name=_("辖区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    sector = models.CharField(_("行业"), max_length=32, choices=Sector.choices)
    registration_status = models.CharField(
        _("登记状态"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.ACTIVE,
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("市场主体")
        verbose_name_plural = _("市场主体")
        ordering = ["name"]
        permissions = [("search_enterprises", _("检索市场主体及违法记录"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_code__isnull=False)
                | ~models.Q(registration_number=""),
                name="enterprise_has_an_identifier",
                violation_error_message=_("统一社会信用代码与注册号至少填写一项。"),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def entity_kind_label(self) -> str:
        if self.credit_code and self.credit_code[0] == "9":
            return ENTITY_KINDS.get(self.credit_code[1], _("其他"))
        return _("其他")

    @property
    def is_individual_business(self) -> bool:
        return bool(self.credit_code) and self.credit_code.startswith("92")


class EnterpriseFormerName(models.Model):
    """A name the enterprise used before (曾用名); kept so old records are still found."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="former_names"
    )
    name = models.CharField(_("曾用名"), max_length=200)
    used_until = models.DateField(_("使用至"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")
        ordering = ["-used_until", "-id"]

    def __str__(self):
        return self.name
