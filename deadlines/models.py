from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year whose holiday arrangement an administrator entered from the State Council's
    notice. Its days (below) then override the bundled `holidays` data, and the year counts
    as covered even when that data does not cover it."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    notice = models.CharField(
        _("依据通知"),
        max_length=200,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """One day overriding the bundled data: a day off, or a make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("放假／调休日")
        verbose_name_plural = _("放假／调休日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"
