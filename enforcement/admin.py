from django.contrib import admin

from .models import Violation, ViolationType


@admin.register(ViolationType)
class ViolationTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sector", "penalty_provision", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Violation)
class ViolationAdmin(admin.ModelAdmin):
    list_display = [
        "decided_on",
        "enterprise",
        "violation_type",
        "penalty_kind",
        "fine_amount",
    ]
    list_filter = ["violation_type", "penalty_kind", "source", "campaign"]
    search_fields = ["enterprise__name", "decision_number"]
    raw_id_fields = ["enterprise"]

    def has_change_permission(self, request, obj=None):
        # Violations are findings of record: corrected by a new decision, not edited.
        return False
