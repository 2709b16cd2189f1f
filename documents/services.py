"""Issuing official papers: number, render, store; never overwrite.

Transactions and locks. `document_issue` runs in its own durable transaction and locks
one row only: the DocumentSequence row of (type, issuer, year). Holding it from taking
the number until the row and file are stored is what makes numbering gap-free (a failed
render rolls the number back) and duplicate-free (the next officer waits, ~0.1 s). It
never holds a domain row: being durable, it refuses to run inside a caller's transaction
(RuntimeError) that may hold licence or case locks, so callers issue after commit
(`transaction.on_commit`) or from a task, as the style guide asks of all rendering.
"""

import hashlib

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import OrganisationUnit

from . import rendering, specs
from .models import (
    DocumentDownload,
    DocumentNumberPattern,
    DocumentSequence,
    DocumentType,
    IssuedDocument,
)
from .numbering import number_format

DOCUMENT_TYPE_UNKNOWN = _("文书类型“%(code)s”不存在或已停用。")
DOCUMENT_ISSUER_NO_CODE = _("%(issuer)s没有设置机关代字，不能编发文号。")
DOCUMENT_ISSUER_CHANGED = _(
    "《%(title)s》%(number)s由%(issuer)s出具；新版本须由同一机关出具，或者另行编号。"
)
DOCUMENT_VERSION_CONCURRENT = _("《%(title)s》刚有人出具了新版本，请刷新后重试。")
DOCUMENT_CONTEXT_RESERVED = _("文书内容中的“%(keys)s”由系统生成，请勿自行填写。")

# What every template gets from here rather than from the caller.
RESERVED_KEYS = ("issuer", "number", "issue_date", "version", "draft", "document_title")


def _document_type_for(type_code: str) -> DocumentType:
    document_type = DocumentType.objects.filter(code=type_code, is_active=True).first()
    if document_type is None:
        raise ValidationError(
            DOCUMENT_TYPE_UNKNOWN, code="type", params={"code": type_code}
        )
    return document_type


def _validate_request(
    *, document_type: DocumentType, issuer: OrganisationUnit, context: dict
) -> None:
    reserved = [key for key in RESERVED_KEYS if key in context]
    if reserved:
        raise ValidationError(
            DOCUMENT_CONTEXT_RESERVED,
            code="reserved",
            params={"keys": "、".join(reserved)},
        )
    specs.spec_for(document_type.template).validate(context, title=document_type.title)
    if not issuer.document_code:
        raise ValidationError(
            DOCUMENT_ISSUER_NO_CODE, code="issuer", params={"issuer": issuer.name}
        )


def _number_pattern(document_type: DocumentType, issuer: OrganisationUnit) -> str:
    own = (
        DocumentNumberPattern.objects.filter(document_type=document_type, issuer=issuer)
        .values_list("pattern", flat=True)
        .first()
    )
    return own or document_type.number_pattern


def _template_context(
    *,
    document_type: DocumentType,
    issuer: OrganisationUnit,
    context: dict,
    number: str,
    version: int | None,
    draft: bool,
) -> dict:
    return {
        **context,
        "issuer": issuer,
        "number": number,
        "issue_date": timezone.localdate(),
        "version": version,
        "draft": draft,
        "document_title": document_type.title,
    }


def _sequence_lock(
    *, document_type: DocumentType, issuer: OrganisationUnit, year: int
) -> DocumentSequence:
    # Create the year's row if missing (INSERT … ON CONFLICT DO NOTHING, so two first
    # issues of a year cannot both create it), then wait for and take its row lock.
    DocumentSequence.objects.bulk_create(
        [DocumentSequence(document_type=document_type, issuer=issuer, year=year)],
        ignore_conflicts=True,
    )
    return DocumentSequence.objects.select_for_update(no_key=True).get(
        document_type=document_type, issuer=issuer, year=year
    )


def document_issue(
    *,
    type_code: str,
    issuer: OrganisationUnit,
    record: Model,
    context: dict,
    actor: AbstractBaseUser,
    new_number: bool = False,
) -> IssuedDocument:
    """Number, render and store one paper for `record`.

    The first issue for a record and type takes the next number of the issuer's
    sequence for the year. Issuing again for the same record and type makes the next
    version under the same number (the earlier versions stay as they are), unless
    `new_number` asks for a fresh one. Raises ValidationError with a message for the
    user when the type is unknown, the context lacks a key the template needs, the
    issuer has no 机关代字, or a character has no glyph in any font; nothing is stored
    and no number is used up then.
    """
    document_type = _document_type_for(type_code)
    _validate_request(document_type=document_type, issuer=issuer, context=context)
    content_type = ContentType.objects.get_for_model(record)
    object_id = str(record.pk)
    year = timezone.localdate().year
    storage_name = None
    try:
        with transaction.atomic(durable=True):
            sequence = _sequence_lock(
                document_type=document_type, issuer=issuer, year=year
            )
            latest = (
                IssuedDocument.objects.filter(
                    content_type=content_type,
                    object_id=object_id,
                    document_type=document_type,
                )
                .order_by("-version")
                .first()
            )
            if latest is not None and not new_number:
                if latest.issuer_id != issuer.pk:
                    raise ValidationError(
                        DOCUMENT_ISSUER_CHANGED,
                        code="issuer_changed",
                        params={
                            "title": document_type.title,
                            "number": latest.number,
                            "issuer": latest.issuer.name,
                        },
                    )
                number_year, seq, number = latest.year, latest.sequence, latest.number
            else:
                sequence.last_value += 1
                sequence.save(update_fields=["last_value"])
                number_year, seq = year, sequence.last_value
                number = number_format(
                    _number_pattern(document_type, issuer),
                    code=issuer.document_code,
                    year=number_year,
                    seq=seq,
                )
            version = latest.version + 1 if latest else 1
            rendered = rendering.pdf_render(
                template=document_type.template,
                context=_template_context(
                    document_type=document_type,
                    issuer=issuer,
                    context=context,
                    number=number,
                    version=version,
                    draft=False,
                ),
            )
            document = IssuedDocument(
                document_type=document_type,
                issuer=issuer,
                number=number,
                year=number_year,
                sequence=seq,
                version=version,
                content_type=content_type,
                object_id=object_id,
                sha256=hashlib.sha256(rendered.content).hexdigest(),
                size=len(rendered.content),
                page_count=rendered.page_count,
                context=context,
                issued_by=actor,
            )
            document.file.save(
                "document.pdf", ContentFile(rendered.content), save=False
            )
            storage_name = document.file.name
            document.full_clean()
            document.save()
    except BaseException as exc:
        # The row was not committed: its file must not linger as an unlisted paper.
        if storage_name:
            document.file.storage.delete(storage_name)
        if isinstance(exc, IntegrityError):
            # Another issuer's version for the same record won the race.
            raise ValidationError(
                DOCUMENT_VERSION_CONCURRENT,
                code="concurrent",
                params={"title": document_type.title},
            ) from exc
        raise
    return document


def document_preview(
    *, type_code: str, issuer: OrganisationUnit, context: dict
) -> bytes:
    """The paper as it would be issued today, watermarked 草稿, with a blank where the
    sequence number goes. Writes nothing and uses up no number."""
    document_type = _document_type_for(type_code)
    _validate_request(document_type=document_type, issuer=issuer, context=context)
    number = number_format(
        _number_pattern(document_type, issuer),
        code=issuer.document_code,
        year=timezone.localdate().year,
        seq=None,
    )
    rendered = rendering.pdf_render(
        template=document_type.template,
        context=_template_context(
            document_type=document_type,
            issuer=issuer,
            context=context,
            number=number,
            version=None,
            draft=True,
        ),
    )
    return rendered.content


@transaction.atomic
def document_download_record(
    *, document: IssuedDocument, user: AbstractBaseUser
) -> DocumentDownload:
    download = DocumentDownload(document=document, user=user)
    download.full_clean()
    download.save()
    return download


@transaction.atomic
def document_type_save(*, document_type: DocumentType) -> DocumentType:
    """Create or edit a document type (the admin's save goes through here)."""
    document_type.full_clean()
    document_type.save()
    return document_type
