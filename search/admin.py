from django.contrib import admin

from .models import SearchExport, SearchOutbox


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the application; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SearchExport)
class SearchExportAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "user", "query", "format", "row_count"]
    list_filter = ["format"]
    search_fields = ["query", "user__username"]
    date_hierarchy = "created_at"


@admin.register(SearchOutbox)
class SearchOutboxAdmin(_ReadOnlyAdmin):
    list_display = [
        "id",
        "model_label",
        "object_pk",
        "op",
        "created_at",
        "scheduled_for",
        "attempts",
        "last_error",
    ]
    list_filter = ["model_label", "op"]
