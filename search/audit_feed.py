"""Search exports into the audit trail: registry data leaving the system."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from audit_trail.actions import action_labels_register
from audit_trail.models import AuditCategory
from audit_trail.services import audit_record

from .models import SearchExport

SEARCH_EXPORTED = "search.export"


def _on_export(sender, instance: SearchExport, created, raw=False, **kwargs):
    if not created or raw:
        return
    audit_record(
        action=SEARCH_EXPORTED,
        category=AuditCategory.BUSINESS,
        actor=instance.user,
        target=instance,
        after={
            "检索词": instance.query,
            "筛选条件": instance.filters,
            "格式": instance.get_format_display(),
            "行数": instance.row_count,
        },
        occurred_at=instance.created_at,
    )


def search_audit_connect() -> None:
    action_labels_register({SEARCH_EXPORTED: _("导出检索结果")})
    post_save.connect(
        _on_export, sender=SearchExport, dispatch_uid="audit_search_export"
    )
