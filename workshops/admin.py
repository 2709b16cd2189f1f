from django.contrib import admin

from .models import WorkshopClosure


@admin.register(WorkshopClosure)
class WorkshopClosureAdmin(admin.ModelAdmin):
    """For looking closures up. They are recorded on the 关停小作坊 page, through
    `workshops.services`, and never edited: the annual figures count them, and a
    correction is a record of its own."""

    list_display = ["workshop_name", "district", "reason", "closed_on", "officer"]
    list_filter = ["district", "reason", "closed_on"]
    search_fields = ["workshop_name", "address", "operator_name"]
    list_select_related = ["district", "officer"]
    date_hierarchy = "closed_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
