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
