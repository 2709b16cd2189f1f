from django.contrib import admin

from .models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    """Issued on the 年度工作报告 page (reports.services); listed here to look up."""

    list_display = ["year", "created_by", "created_at"]
    list_select_related = ["created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
