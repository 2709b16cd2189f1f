"""Papers into the audit trail: each paper issued (each version) and each download."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from audit_trail.actions import action_labels_register
from audit_trail.models import AuditCategory
from audit_trail.services import audit_record

from .models import DocumentDownload, IssuedDocument

DOCUMENT_ISSUED = "document.issue"
DOCUMENT_DOWNLOADED = "document.download"


def _on_issued(sender, instance: IssuedDocument, created, raw=False, **kwargs):
    if not created or raw:
        return
    audit_record(
        action=DOCUMENT_ISSUED,
        category=AuditCategory.BUSINESS,
        actor=instance.issued_by,
        target=instance,
        after={
            "文书类型": instance.document_type.title,
            "文号": instance.number,
            "版本": instance.version,
            "发文机关": str(instance.issuer),
            "所涉记录": f"{instance.content_type.name} {instance.object_id}",
        },
        occurred_at=instance.issued_at,
    )


def _on_downloaded(sender, instance: DocumentDownload, created, raw=False, **kwargs):
    if not created or raw:
        return
    audit_record(
        action=DOCUMENT_DOWNLOADED,
        category=AuditCategory.BUSINESS,
        actor=instance.user,
        target=instance.document,
        occurred_at=instance.downloaded_at,
    )


def documents_audit_connect() -> None:
    action_labels_register(
        {DOCUMENT_ISSUED: _("出具文书"), DOCUMENT_DOWNLOADED: _("下载文书")}
    )
    post_save.connect(
        _on_issued, sender=IssuedDocument, dispatch_uid="audit_document_issued"
    )
    post_save.connect(
        _on_downloaded, sender=DocumentDownload, dispatch_uid="audit_document_download"
    )
