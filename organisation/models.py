from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationUnit(models.Model):
    """A unit of the bureau's tree, or an external authority such as the provincial bureau."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("市场监督管理局")
        BRANCH = "branch", _("分局")
        DIVISION = "division", _("内设机构")
        EXTERNAL = "external", _("外部机关")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区级")

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    document_code = models.CharField(
        _("机关代字"),
        max_length=20,
        blank=True,
        help_text=_("发文字号的机关代字，例如“武市监”。"),
    )

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind == self.Kind.EXTERNAL


class User(AbstractUser):
    """A person working in (or for) the bureau. Roles are groups; see `organisation.roles`."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("所在机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    credential_number = models.CharField(
        _("执法证号"),
        max_length=32,
        blank=True,
        help_text=_("行政执法证件号码；办案人员必须持证。"),
    )
    has_legal_qualification = models.BooleanField(
        _("具有法律职业资格"),
        default=False,
        help_text=_(
            "初次从事法制审核的人员须具有法律职业资格（行政处罚法第五十八条）。"
        ),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [("assign_roles", _("分配角色与权限"))]
        constraints = [
            models.UniqueConstraint(
                fields=["credential_number"],
                condition=~models.Q(credential_number=""),
                name="unique_credential_number",
            )
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    @property
    def is_credentialed(self) -> bool:
        return bool(self.credential_number)
