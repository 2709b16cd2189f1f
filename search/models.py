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
