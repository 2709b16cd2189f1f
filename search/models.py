from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchOutbox(models.Model):
    """A change to an indexed record, written in the same transaction as the change.

    The index is a projection: the drain builds each document from the database when it
    runs, so a row only says *which* record changed. Rows are deleted once indexed.
    """

    class Op(models.TextChoices):
        UPSERT = "upsert", _("写入")
        DELETE = "delete", _("删除")

    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    op = models.CharField(max_length=8, choices=Op.choices, default=Op.UPSERT)
    created_at = models.DateTimeField(default=timezone.now)
    scheduled_for = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("检索同步队列")
        verbose_name_plural = _("检索同步队列")
        indexes = [
            models.Index(fields=["model_label", "object_pk"]),
            models.Index(fields=["scheduled_for", "id"]),
        ]

    def __str__(self):
        return f"{self.op} {self.model_label}#{self.object_pk}"


class SearchExport(models.Model):
    """Who exported which search results, when, and how many rows (an audit record:
    exports take registry data out of the system)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("导出时间"), default=timezone.now)
    query = models.CharField(_("检索词"), max_length=200, blank=True)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    format = models.CharField(_("格式"), max_length=8, choices=Format.choices)
    row_count = models.PositiveIntegerField(_("行数"))

    class Meta:
        verbose_name = _("检索结果导出记录")
        verbose_name_plural = _("检索结果导出记录")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M} {self.query}"
