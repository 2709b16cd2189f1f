from django.contrib import admin

from audit_trail.admin_changes import AuditedAdminMixin

from .models import (
    Cancellation,
    Licence,
    LicenceEvent,
    Referral,
    Revocation,
    WithdrawalPolicy,
)
from .services import licence_register, licence_update


class LicenceEventInline(admin.TabularInline):
    model = LicenceEvent
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in LicenceEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Licence)
class LicenceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """State is read-only here: it changes only through the licence workflows. A
    licence has history (its events, the audit trail): it is never deleted."""

    list_display = [
        "number",
        "kind",
        "holder",
        "issuing_authority",
        "valid_until",
        "state",
    ]
    list_filter = ["state", "kind", "issuing_authority"]
    search_fields = ["number", "holder__name", "holder__credit_code"]
    raw_id_fields = ["holder"]
    inlines = [LicenceEventInline]
    readonly_fields = [
        "kind",
        "state",
        "state_changed_at",
        "state_reason",
        "state_ground",
        "state_reference",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "number", "holder", "issuing_authority"]

    def save_model(self, request, obj, form, change):
        if change:
            licence_update(
                licence=obj, **{f: form.cleaned_data[f] for f in form.changed_data}
            )
            return
        created = licence_register(
            number=obj.number,
            holder=obj.holder,
            issuing_authority=obj.issuing_authority,
            product=obj.product,
            issued_on=obj.issued_on,
            valid_until=obj.valid_until,
        )
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WithdrawalPolicy)
class WithdrawalPolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "statement_working_days",
        "publicity_working_days",
        "province_reply_working_days",
        "review_working_days",
    ]

    def has_add_permission(self, request):
        return not WithdrawalPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Withdrawal records change only through their flows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revocation)
class RevocationAdmin(_ReadOnlyAdmin):
    list_display = ["licence", "ground", "state", "initiated_by", "created_at"]
    list_filter = ["state", "ground"]
    search_fields = ["licence__number", "licence__holder__name", "decision_number"]


@admin.register(Cancellation)
class CancellationAdmin(_ReadOnlyAdmin):
    list_display = ["licence", "ground", "state", "referral", "created_at"]
    list_filter = ["state", "ground"]
    search_fields = ["licence__number", "licence__holder__name", "notice_number"]


@admin.register(Referral)
class ReferralAdmin(_ReadOnlyAdmin):
    list_display = ["__str__", "to_authority", "state", "sent_on", "reply_due"]
    list_filter = ["state"]
