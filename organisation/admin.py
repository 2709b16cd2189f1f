from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from audit_trail.admin_changes import AuditedAdminMixin

from .models import OrganisationUnit, User


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "document_code"]
    list_filter = ["kind", "level"]
    search_fields = ["code", "name", "short_name"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    # Roles, permissions, the password and whether the account is active are
    # security events of their own (audit_trail.security_feed).
    audit_exclude_fields = (
        "groups",
        "user_permissions",
        "password",
        "password1",
        "password2",
        "is_active",
    )

    list_display = ["username", "full_name", "unit", "credential_number", "is_active"]
    list_filter = ["groups", "unit", "is_active"]
    search_fields = ["username", "full_name", "credential_number"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (
            _("执法信息"),
            {
                "fields": [
                    "full_name",
                    "unit",
                    "credential_number",
                    "has_legal_qualification",
                ]
            },
        ),
    )
