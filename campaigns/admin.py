from django.contrib import admin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "starts_on", "ends_on", "lead_unit"]
    list_filter = ["sector"]
    search_fields = ["name", "code"]
