from django.contrib import admin

from audit_trail.admin_changes import AuditedAdminMixin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sector", "starts_on", "ends_on", "lead_unit"]
    list_filter = ["sector"]
    search_fields = ["name", "code"]
