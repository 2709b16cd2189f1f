from django.contrib import admin

from audit_trail.admin_changes import AuditedAdminMixin

from .models import District, Enterprise, EnterpriseFormerName
from .services import enterprise_register, enterprise_update


class FormerNameInline(admin.TabularInline):
    model = EnterpriseFormerName
    extra = 0
    readonly_fields = ["name", "used_until", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(District)
class DistrictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["region_code", "name"]


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "credit_code", "legal_representative", "district", "sector"]
    list_filter = ["district", "sector", "registration_status"]
    search_fields = ["name", "credit_code", "legal_representative"]
    readonly_fields = ["district", "created_at", "updated_at"]
    inlines = [FormerNameInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "credit_code", "name"]

    def save_model(self, request, obj, form, change):
        if change:
            enterprise_update(
                enterprise=obj, **{f: form.cleaned_data[f] for f in form.changed_data}
            )
            return
        created = enterprise_register(
            credit_code=obj.credit_code,
            registration_number=obj.registration_number,
            name=obj.name,
            legal_representative=obj.legal_representative,
            address=obj.address,
            sector=obj.sector,
            registration_status=obj.registration_status,
            established_on=obj.established_on,
        )
        obj.pk = created.pk

    def has_delete_permission(self, request, obj=None):
        # An enterprise has history (licences, violations, cases): never deleted.
        return False
