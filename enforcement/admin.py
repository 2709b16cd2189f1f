from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit_trail.actions import SETTINGS_CHANGED
from audit_trail.admin_changes import AuditedAdminMixin
from audit_trail.models import AuditCategory
from audit_trail.services import audit_record

from .models import (
    Case,
    CaseEvent,
    DiscretionBenchmark,
    DiscretionRule,
    PenaltyPolicy,
    Violation,
    ViolationType,
)


@admin.register(ViolationType)
class ViolationTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "sector", "penalty_provision", "is_active"]
    list_filter = ["sector", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Violation)
class ViolationAdmin(AuditedAdminMixin, admin.ModelAdmin):
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

    def has_delete_permission(self, request, obj=None):
        # Nor deleted: an enterprise's history cites them.
        return False


@admin.register(PenaltyPolicy)
class PenaltyPolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Periods and hearing thresholds of the penalty procedure: the bureau's data."""

    list_display = [
        "hearing_fine_individual",
        "hearing_fine_organisation",
        "decision_natural_days",
        "statement_working_days",
    ]

    def has_add_permission(self, request):
        return not PenaltyPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class DiscretionRuleInline(admin.TabularInline):
    model = DiscretionRule
    extra = 0

    def _frozen(self, obj) -> bool:
        return obj is not None and obj.is_published

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(DiscretionBenchmark)
class DiscretionBenchmarkAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Benchmarks are edited until published; a published version is frozen (cases
    cite it) and the next revision is a new version."""

    list_display = ["title", "version", "effective_from", "published_at"]
    inlines = [DiscretionRuleInline]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        return ["published_at"]

    def has_change_permission(self, request, obj=None):
        # A published version is shown, never edited (posting its page used to fail
        # on the title it no longer had in the form).
        frozen = obj is not None and obj.is_published
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("发布所选裁量基准"))
    def publish(self, request, queryset):
        for benchmark in queryset.filter(published_at__isnull=True):
            benchmark.publish()
            benchmark.full_clean()
            benchmark.save(update_fields=["published_at"])
            audit_record(
                action=SETTINGS_CHANGED,
                category=AuditCategory.BUSINESS,
                target=benchmark,
                before={"发布时间": None},
                after={"发布时间": benchmark.published_at},
            )


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in CaseEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases change only through their flows; the admin shows them read-only."""

    list_display = ["title", "party", "procedure", "state", "registered_at"]
    list_filter = ["state", "procedure", "source"]
    search_fields = ["title", "party__name", "decision_number"]
    inlines = [CaseEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
