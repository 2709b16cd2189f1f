"""Reads of document types and issued papers."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import specs
from .models import DocumentType, IssuedDocument

DOCUMENT_NOT_READY = _(
    "文书《%(title)s》%(number)s（第%(version)s版）%(status)s，暂不能下载。"
)
DOCUMENT_INTEGRITY_FAILED = _(
    "文书《%(title)s》%(number)s（第%(version)s版）的文件与出具时登记的 SHA-256 不符，"
    "可能已被改动，已停止提供下载，请联系系统管理员。"
)


def document_type_get(code: str) -> DocumentType | None:
    return DocumentType.objects.filter(code=code, is_active=True).first()


def document_type_list() -> QuerySet[DocumentType]:
    return DocumentType.objects.filter(is_active=True).order_by("code")


def document_type_sample_context(document_type: DocumentType) -> dict:
    """Realistic sample content for the type's template (documents/samples.py)."""
    return specs.sample_context(document_type.template)


def document_get(document_id) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.select_related(
            "document_type", "issuer", "issued_by", "content_type"
        )
        .filter(pk=document_id)
        .first()
    )


def documents_for_record(record: Model) -> QuerySet[IssuedDocument]:
    """Every paper issued for the record, every version, oldest first."""
    return (
        IssuedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
        )
        .select_related("document_type", "issuer", "issued_by")
        .order_by("issued_at", "id")
    )


def documents_for_records(records) -> QuerySet[IssuedDocument]:
    """Every paper issued for any of the records (of any types), oldest first."""
    condition = Q()
    for record in records:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
        )
    if not condition:
        return IssuedDocument.objects.none()
    return (
        IssuedDocument.objects.filter(condition)
        .select_related("document_type", "issuer", "issued_by")
        .order_by("issued_at", "id")
    )


def document_versions(document: IssuedDocument) -> QuerySet[IssuedDocument]:
    """All versions of the same paper (same record and type), first version first."""
    return IssuedDocument.objects.filter(
        content_type_id=document.content_type_id,
        object_id=document.object_id,
        document_type_id=document.document_type_id,
    ).order_by("version")


def document_content(document: IssuedDocument) -> bytes:
    """The stored PDF, after checking it is byte for byte what was issued."""
    if document.status != IssuedDocument.Status.ISSUED:
        raise ValidationError(
            DOCUMENT_NOT_READY,
            code="not_ready",
            params={
                "title": document.document_type.title,
                "number": document.number,
                "version": document.version,
                "status": document.get_status_display(),
            },
        )
    with document.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise ValidationError(
            DOCUMENT_INTEGRITY_FAILED,
            code="integrity",
            params={
                "title": document.document_type.title,
                "number": document.number,
                "version": document.version,
            },
        )
    return content
