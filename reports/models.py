"""The annual work report as a record the report PDF is issued against.

The figures themselves are never stored here: they are computed from the records each
time (`reports.figures`), and an issued PDF keeps the figures it printed in its own
stored context, so a later correction of a record shows up in the next version.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnnualReport(models.Model):
    """One year's work report (年度工作情况报告) of the bureau."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("年度工作报告")
        verbose_name_plural = _("年度工作报告")
        ordering = ["-year"]
        permissions = [
            ("view_dashboards", _("查看管理看板")),
            ("issue_annual_report", _("出具年度工作报告")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000),
                name="annual_report_year_plausible",
                violation_error_message=_("年度应为2000年以后。"),
            )
        ]

    def __str__(self):
        return _("%(year)d年度工作报告") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("reports:annual:index") + f"?year={self.year}"
