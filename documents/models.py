import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import OrganisationUnit

from .context_json import ContextDecoder, ContextEncoder
from .numbering import validate_number_pattern

DOCUMENT_TEMPLATE_UNDECLARED = _(
    "该模板没有在 documents/specs.py 中登记所需内容，不能使用。"
)
ISSUED_DOCUMENT_IMMUTABLE = _("已出具的文书不能修改；需要更正时请生成新版本。")


class DocumentType(models.Model):
    """A kind of official paper: its title, the template that lays it out and how it is
    numbered. Data, edited by an administrator; seeded by migration 0002."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    title = models.CharField(_("文书名称"), max_length=100)
    template = models.CharField(
        _("模板"),
        max_length=200,
        help_text=_("templates/ 下的模板路径，例如 documents/penalty_decision.html。"),
    )
    number_pattern = models.CharField(
        _("文号格式"),
        max_length=100,
        validators=[validate_number_pattern],
        help_text=_(
            "{code} 为发文机关的机关代字，{year} 为年份，{seq} 为当年序号，"
            "例如 {code}处罚〔{year}〕{seq}号。各发文机关可另设格式。"
        ),
    )
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("文书类型")
        verbose_name_plural = _("文书类型")
        ordering = ["code"]

    def __str__(self):
        return self.title

    def clean(self):
        # Only templates whose required context is declared can be issued safely.
        from .specs import SPECS

        if self.template and self.template not in SPECS:
            raise ValidationError({"template": DOCUMENT_TEMPLATE_UNDECLARED})


class DocumentNumberPattern(models.Model):
    """One issuing unit's own numbering for a document type (a branch numbers its
    decisions differently from the bureau)."""

    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("文书类型"),
        on_delete=models.CASCADE,
        related_name="issuer_patterns",
    )
    issuer = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("发文机关"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    pattern = models.CharField(
        _("文号格式"), max_length=100, validators=[validate_number_pattern]
    )

    class Meta:
        verbose_name = _("发文机关文号格式")
        verbose_name_plural = _("发文机关文号格式")
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "issuer"],
                name="document_number_pattern_once_per_issuer",
            )
        ]

    def __str__(self):
        return self.pattern


class DocumentSequence(models.Model):
    """The last number used per issuer, type and year. Its row is the lock that makes
    numbering gap-free and duplicate-free (documents.services._sequence_lock)."""

    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        OrganisationUnit, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("文号序列")
        verbose_name_plural = _("文号序列")
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "issuer", "year"],
                name="document_sequence_once_per_issuer_type_year",
            )
        ]

    def __str__(self):
        return f"{self.issuer} · {self.document_type} · {self.year}: {self.last_value}"


def _issued_document_path(instance: "IssuedDocument", filename: str) -> str:
    # ASCII and unique: a stored file is never replaced, even by a same-numbered version.
    return (
        f"documents/{instance.year}/{instance.document_type.code}/"
        f"{instance.issuer.code}-{instance.year}-{instance.sequence:05d}"
        f"-v{instance.version}-{uuid.uuid4().hex[:12]}.pdf"
    )


class IssuedDocument(models.Model):
    """One version of an issued paper. Rows are append-only: a correction is a new row
    (next version, same number unless a new one is asked for) with a new file.

    The row and its number are written first, in the caller's transaction; the PDF is
    rendered after commit and stored once (pending → issued). A failed rendering leaves
    the row failed, number and context kept, for documents_render_pending to retry."""

    class Status(models.TextChoices):
        PENDING = "pending", _("生成中")
        ISSUED = "issued", _("已出具")
        FAILED = "failed", _("生成失败")

    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("文书类型"),
        on_delete=models.PROTECT,
        related_name="issued",
    )
    issuer = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("发文机关"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    number = models.CharField(_("文号"), max_length=100, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    version = models.PositiveIntegerField(_("版本"))
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("记录编号"), max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    file = models.FileField(
        _("文件"), upload_to=_issued_document_path, max_length=255, blank=True
    )
    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        blank=True,
        validators=[RegexValidator(r"^[0-9a-f]{64}$")],
    )
    size = models.PositiveIntegerField(_("字节数"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    failure = models.TextField(_("失败原因"), blank=True)
    context = models.JSONField(
        _("文书内容"),
        encoder=ContextEncoder,
        decoder=ContextDecoder,
        help_text=_("生成时使用的内容，便于核对和重新生成。"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已出具文书")
        verbose_name_plural = _("已出具文书")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document_type", "version"],
                name="issued_document_version_once_per_record",
            ),
            models.UniqueConstraint(
                fields=["document_type", "issuer", "year", "sequence", "version"],
                name="issued_document_number_version_once",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1) & models.Q(sequence__gte=1),
                name="issued_document_version_and_sequence_positive",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="issued")
                | (
                    ~models.Q(file="")
                    & ~models.Q(sha256="")
                    & models.Q(size__isnull=False, page_count__isnull=False)
                ),
                name="issued_document_issued_has_file_and_hash",
            ),
        ]

    def __str__(self):
        return _("%(title)s %(number)s（第%(version)s版）") % {
            "title": self.document_type.title,
            "number": self.number,
            "version": self.version,
        }

    def save(self, *args, **kwargs):
        # Append-only: an issued paper that was served must stay exactly as served.
        if not self._state.adding:
            raise ValidationError(ISSUED_DOCUMENT_IMMUTABLE)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:issued:download", args=[self.pk])


class DocumentDownload(models.Model):
    """Who downloaded which version of an issued paper, and when."""

    document = models.ForeignKey(
        IssuedDocument,
        verbose_name=_("文书"),
        on_delete=models.PROTECT,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下载人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    downloaded_at = models.DateTimeField(_("下载时间"), default=timezone.now)

    class Meta:
        verbose_name = _("文书下载记录")
        verbose_name_plural = _("文书下载记录")
        ordering = ["-downloaded_at", "-id"]

    def __str__(self):
        return f"{self.user} · {self.document} · {self.downloaded_at:%Y-%m-%d %H:%M}"
