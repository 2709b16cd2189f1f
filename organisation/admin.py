from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from audit_trail.admin_changes import AuditedAdminMixin

from .models import OrganisationUnit, User
from .roles import Role
from .services import is_staff_for, roles_check


@admin.register(OrganisationUnit)
class OrganisationUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "document_code"]
    list_filter = ["kind", "level"]
    search_fields = ["code", "name", "short_name"]


ASSIGN_ROLES = "organisation.assign_roles"
IDENTITY_FIELDS = [
    "username",
    "full_name",
    "email",
    "unit",
    "credential_number",
    "has_legal_qualification",
    "is_active",
]
OWN_ROLES = _("不能修改自己的角色：请另一位安全管理员办理。")


def role_label(group) -> str:
    """A role group by its Chinese name (the group's name is the role's code)."""
    return str(Role(group.name).label) if group.name in Role.values else group.name


class RoleFilter(admin.SimpleListFilter):
    title = _("角色")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(groups__name=self.value())
        return queryset


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    """Roles are written in `organisation.roles` and synced by `roles_sync`: the admin
    shows them, by their Chinese names, and changes none."""

    list_display = ["role_name", "name"]

    @admin.display(description=_("角色"))
    def role_name(self, obj):
        return role_label(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    """Two administrators share this page (三员分立): the system administrator keeps a
    person's identity, unit and whether the account is active, and resets passwords;
    the security administrator alone assigns roles. Permissions come only from roles
    (no per-user permission, no superuser box), and admin access follows the roles."""

    # Roles, permissions, the password and whether the account is active are
    # security events of their own (organisation.security_feed).
    audit_exclude_fields = (
        "groups",
        "user_permissions",
        "password",
        "password1",
        "password2",
        "is_active",
    )

    list_display = ["username", "full_name", "unit", "roles_shown", "is_active"]
    list_filter = [RoleFilter, "unit", "is_active"]
    search_fields = ["username", "full_name", "credential_number"]
    fieldsets = (
        (None, {"fields": ["username", "password"]}),
        (
            _("执法信息"),
            {
                "fields": [
                    "full_name",
                    "email",
                    "unit",
                    "credential_number",
                    "has_legal_qualification",
                ]
            },
        ),
        (_("账号状态"), {"fields": ["is_active", "is_staff"]}),
        (_("角色"), {"fields": ["groups"]}),
        (_("重要日期"), {"fields": ["last_login", "date_joined"]}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "password1", "password2"],
            },
        ),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            # Nine roles: boxes with their names, no chooser with English hints.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = role_label
            field.label = _("角色")
            field.help_text = _("管理员角色须单独担任（三员分立）。")
        return field

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        swap = {}
        if not request.user.has_perm(ASSIGN_ROLES):
            swap["groups"] = "roles_shown"  # by name, to whoever may not give them
        if not request.user.has_perm("organisation.change_user"):
            swap["password"] = None  # not even its hash, to whoever may not set it
        shown = []
        for name, options in fieldsets:
            fields = [swap.get(f, f) for f in options["fields"]]
            shown.append((name, {**options, "fields": [f for f in fields if f]}))
        return shown

    @admin.display(description=_("角色"))
    def roles_shown(self, obj):
        codes = {group.name for group in obj.groups.all()}
        return "、".join(str(role.label) for role in Role if role.value in codes)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = ["is_staff", "last_login", "date_joined"]
        if obj is None:
            return readonly
        if not request.user.has_perm("organisation.change_user"):
            readonly += ["password", *IDENTITY_FIELDS]
        if not request.user.has_perm(ASSIGN_ROLES):
            readonly.append("roles_shown")
        return readonly

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or request.user.has_perm(
            ASSIGN_ROLES
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "groups" not in form.base_fields:
            return form

        class RolesForm(form):
            def clean_groups(self):
                groups = self.cleaned_data["groups"]
                names = [group.name for group in groups]
                own = obj is not None and obj.pk == request.user.pk
                if own and set(names) != {g.name for g in obj.groups.all()}:
                    raise ValidationError(OWN_ROLES, code="own_roles")
                roles_check(names)
                return groups

        return RolesForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        staff = is_staff_for(group.name for group in user.groups.all())
        if user.is_staff != staff:
            User.objects.filter(pk=user.pk).update(is_staff=staff)

    def user_change_password(self, request, id, form_url=""):
        # Setting a password is the system administrator's, not the role-giver's.
        if not request.user.has_perm("organisation.change_user"):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
