import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditCategory(models.TextChoices):
    SECURITY = "security", _("安全事件")
    BUSINESS = "business", _("业务事件")


class AuditEntry(models.Model):
    """One entry of the audit trail (安全审计): who, when, from where, what, which
    record, before and after, why. Append-only: PostgreSQL refuses UPDATE and DELETE
    (the `append_only` trigger; `audit_purge` alone goes around it, for entries past
    the retention period). Each entry's `hash` is SM3 over its fields and the previous
    entry's hash (`audit_trail.chain`), so an entry altered or removed by hand breaks
    the chain from there on, which `manage.py audit_verify` reports."""

    sequence = models.PositiveBigIntegerField(_("序号"), unique=True)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    source_ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    category = models.CharField(
        _("类别"), max_length=16, choices=AuditCategory.choices, db_index=True
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("记录类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("记录编号"), max_length=64, blank=True)
    record_text = models.CharField(_("记录"), max_length=255, blank=True)
    before = models.JSONField(
        _("变更前"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    after = models.JSONField(
        _("变更后"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    reason = models.TextField(_("理由或说明"), blank=True)
    previous_hash = models.CharField(_("前一条的哈希"), max_length=64)
    hash = models.CharField(_("哈希（SM3）"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-sequence"]
        default_permissions = ("view",)
        permissions = [("export_auditentry", _("导出审计记录"))]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]
        triggers = [
            pgtrigger.Protect(
                name="append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self):
        return f"#{self.sequence} {self.action} {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    @property
    def action_label(self) -> str:
        from .actions import action_label

        return action_label(self.action)
