from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit_trail.admin_changes import AuditedAdminMixin

from .models import (
    DocumentDownload,
    DocumentNumberPattern,
    DocumentSequence,
    DocumentType,
    IssuedDocument,
)
from .services import document_type_save


class DocumentNumberPatternInline(admin.TabularInline):
    model = DocumentNumberPattern
    extra = 0
    verbose_name_plural = _("各发文机关的文号格式（未设置的使用上方的默认格式）")


@admin.register(DocumentType)
class DocumentTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "number_pattern", "template", "is_active"]
    list_editable = ["number_pattern", "is_active"]
    search_fields = ["code", "title"]
    inlines = [DocumentNumberPatternInline]

    def get_readonly_fields(self, request, obj=None):
        # Workflows call types by code: renaming one would break them.
        return ["code"] if obj else []

    def save_model(self, request, obj, form, change):
        document_type_save(document_type=obj)


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Issued papers and their audit rows are written only by documents.services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(_ReadOnlyAdmin):
    list_display = [
        "number",
        "version",
        "document_type",
        "status",
        "issuer",
        "issued_by",
        "issued_at",
        "page_count",
    ]
    list_filter = ["status", "document_type", "issuer", "year"]
    list_select_related = ["document_type", "issuer", "issued_by"]
    search_fields = ["number", "sha256"]
    date_hierarchy = "issued_at"


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(_ReadOnlyAdmin):
    list_display = ["document", "user", "downloaded_at"]
    list_select_related = ["document__document_type", "user"]
    search_fields = ["document__number", "user__username", "user__full_name"]
    date_hierarchy = "downloaded_at"


@admin.register(DocumentSequence)
class DocumentSequenceAdmin(_ReadOnlyAdmin):
    list_display = ["document_type", "issuer", "year", "last_value"]
    list_filter = ["year", "document_type"]
