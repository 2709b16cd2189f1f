"""Issuing official papers: number, render, store; never overwrite.

Transactions and locks: issuing is two short transactions with the rendering between
them, after commit.

1. Allocate: lock the DocumentSequence row of (type, issuer, year), take the next
   number, write the IssuedDocument row as pending. This runs in the caller's
   transaction when there is one (a flow step, a service), so the number and the row
   commit or roll back with the caller's own writes: a number is never lost (no gaps)
   and never given twice (the lock). Nothing is rendered while it holds locks.
2. Render, after the caller commits (`transaction.on_commit`; at once when there is no
   transaction): WeasyPrint runs while this module holds no lock at all and the caller's
   domain-row locks are released.
3. Store: write the file under a new name and mark the row issued, in one short update
   that only a pending or failed row can take, so an issued paper is never replaced.

Everything that could make rendering fail is checked before a number is taken (the
context against the template's spec, every character against the fonts). A rendering
that fails anyway (a bug, a full disk) leaves the row failed with its reason, number and
context; `manage.py documents_render_pending` renders it again.
"""

import datetime
import functools
import hashlib
import logging

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

logger = logging.getLogger(__name__)

DOCUMENT_TYPE_UNKNOWN = _("文书类型“%(code)s”不存在或已停用。")
DOCUMENT_ISSUER_NO_CODE = _("%(issuer)s没有设置机关代字，不能编发文号。")
DOCUMENT_ISSUER_CHANGED = _(
    "《%(title)s》%(number)s由%(issuer)s出具；新版本须由同一机关出具，或者另行编号。"
)
DOCUMENT_VERSION_CONCURRENT = _("《%(title)s》刚有人出具了新版本，请刷新后重试。")
DOCUMENT_CONTEXT_RESERVED = _("文书内容中的“%(keys)s”由系统生成，请勿自行填写。")

# What every template gets from here rather than from the caller.
RESERVED_KEYS = (
    "issuer",
    "number",
    "issue_date",
    "version",
    "draft",
    "document_title",
    "document_fonts_css",
)

# Statuses a rendering may still complete; an issued row is never written again.
_RENDERABLE = (IssuedDocument.Status.PENDING, IssuedDocument.Status.FAILED)


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
    rendering.validate_printable(context)


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
    issue_date: datetime.date,
    version: int | None,
    draft: bool,
) -> dict:
    return {
        **context,
        "issuer": issuer,
        "number": number,
        "issue_date": issue_date,
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
    """Number one paper for `record` and have it rendered and stored.

    The first issue for a record and type takes the next number of the issuer's
    sequence for the year. Issuing again for the same record and type makes the next
    version under the same number (earlier versions stay as they are), unless
    `new_number` asks for a fresh one.

    Called outside a transaction, it returns the issued paper, rendered. Called inside
    one (a flow step), it returns the pending row with its number at once and the PDF
    is rendered when that transaction commits (see the module docstring for why).

    Raises ValidationError with a message for the user, before any number is taken,
    when the type is unknown, the context lacks a key the template needs, the issuer has
    no 机关代字, or a character has no glyph in any font.
    """
    document_type = _document_type_for(type_code)
    _validate_request(document_type=document_type, issuer=issuer, context=context)
    content_type = ContentType.objects.get_for_model(record)
    object_id = str(record.pk)
    issued_at = timezone.now()
    year = timezone.localdate(issued_at).year
    try:
        with transaction.atomic():
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
            document = IssuedDocument(
                document_type=document_type,
                issuer=issuer,
                number=number,
                year=number_year,
                sequence=seq,
                version=latest.version + 1 if latest else 1,
                content_type=content_type,
                object_id=object_id,
                context=context,
                issued_by=actor,
                issued_at=issued_at,
            )
            document.full_clean()
            document.save()
            # The in-memory context keeps its Python types for the renderer.
            transaction.on_commit(
                functools.partial(
                    _document_render, document_id=document.pk, context=context
                )
            )
    except IntegrityError as exc:
        # Another issuer's version for the same record took the version number.
        raise ValidationError(
            DOCUMENT_VERSION_CONCURRENT,
            code="concurrent",
            params={"title": document_type.title},
        ) from exc
    document.refresh_from_db()
    return document


@transaction.atomic
def document_numbers_reserve(
    *, type_code: str, issuer: OrganisationUnit, year: int, count: int
) -> list[str]:
    """Take the next `count` numbers of the issuer's sequence for `year`, for papers
    made outside this system that still carry its numbers (a history import, the demo's
    past years). Returns them in order; the sequence moves past them, so no paper issued
    here afterwards repeats one, and the next real number follows the last of them."""
    if count < 0:
        raise ValueError("count must not be negative")
    document_type = _document_type_for(type_code)
    if not issuer.document_code:
        raise ValidationError(
            DOCUMENT_ISSUER_NO_CODE, code="issuer", params={"issuer": issuer.name}
        )
    if count == 0:
        return []
    sequence = _sequence_lock(document_type=document_type, issuer=issuer, year=year)
    first = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    pattern = _number_pattern(document_type, issuer)
    return [
        number_format(pattern, code=issuer.document_code, year=year, seq=seq)
        for seq in range(first, first + count)
    ]


def _document_render(*, document_id: int, context: dict | None = None) -> bool:
    """Render a pending (or failed) paper and store it once. Runs with no transaction
    open, so no lock is held while WeasyPrint works. Returns False when another worker
    stored it first; raises (after marking the row failed) when rendering fails."""
    document = IssuedDocument.objects.select_related("document_type", "issuer").get(
        pk=document_id
    )
    if document.status == IssuedDocument.Status.ISSUED:
        return False
    try:
        rendered = rendering.pdf_render(
            template=document.document_type.template,
            context=_template_context(
                document_type=document.document_type,
                issuer=document.issuer,
                context=document.context if context is None else context,
                number=document.number,
                issue_date=timezone.localdate(document.issued_at),
                version=document.version,
                draft=False,
            ),
        )
    except Exception as exc:
        IssuedDocument.objects.filter(pk=document_id, status__in=_RENDERABLE).update(
            status=IssuedDocument.Status.FAILED,
            failure=" ".join(getattr(exc, "messages", [str(exc)]))[:2000],
        )
        logger.exception("Rendering %s failed", document)
        raise
    storage = document.file.storage
    # A new name every time (upload_to adds a random part): nothing is overwritten.
    name = storage.save(
        document.file.field.generate_filename(document, "document.pdf"),
        ContentFile(rendered.content),
    )
    with transaction.atomic():
        stored = IssuedDocument.objects.filter(
            pk=document_id, status__in=_RENDERABLE
        ).update(
            status=IssuedDocument.Status.ISSUED,
            file=name,
            sha256=hashlib.sha256(rendered.content).hexdigest(),
            size=len(rendered.content),
            page_count=rendered.page_count,
            rendered_at=timezone.now(),
            failure="",
        )
    if not stored:
        storage.delete(name)
    return bool(stored)


def documents_render_pending(
    *, older_than: datetime.timedelta = datetime.timedelta(minutes=5)
) -> tuple[int, int]:
    """Render again every paper left pending or failed for longer than `older_than`
    (a crash between commit and rendering, a fixed bug). Returns (rendered, failed)."""
    cutoff = timezone.now() - older_than
    rendered = failed = 0
    pending = IssuedDocument.objects.filter(
        status__in=_RENDERABLE, issued_at__lt=cutoff
    ).order_by("id")
    for document_id in pending.values_list("pk", flat=True):
        try:
            rendered += _document_render(document_id=document_id)
        except Exception:
            failed += 1
    return rendered, failed


def document_preview(
    *, type_code: str, issuer: OrganisationUnit, context: dict
) -> bytes:
    """The paper as it would be issued today, watermarked 草稿, with a blank where the
    sequence number goes. Writes nothing and uses up no number."""
    document_type = _document_type_for(type_code)
    _validate_request(document_type=document_type, issuer=issuer, context=context)
    today = timezone.localdate()
    number = number_format(
        _number_pattern(document_type, issuer),
        code=issuer.document_code,
        year=today.year,
        seq=None,
    )
    rendered = rendering.pdf_render(
        template=document_type.template,
        context=_template_context(
            document_type=document_type,
            issuer=issuer,
            context=context,
            number=number,
            issue_date=today,
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
