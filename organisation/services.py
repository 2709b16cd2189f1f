import logging

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import OrganisationUnit, User
from .roles import ADMINISTRATOR_ROLES, ROLE_PERMISSIONS, Role

logger = logging.getLogger(__name__)

ROLE_UNKNOWN = _("未知角色：%(role)s")
ROLES_SEPARATED = _(
    "管理员角色须单独担任：系统管理员、安全管理员、审计管理员三者互不兼任，"
    "也不兼任任何业务角色（三员分立）。"
)


def roles_check(roles) -> None:
    """An administrator role is held alone (三员分立): no two administrators in one
    person, and no administrator who also takes business decisions."""
    roles = list(roles)
    for role in roles:
        if role not in Role.values:
            raise ValidationError(ROLE_UNKNOWN, params={"role": role})
    if any(role in ADMINISTRATOR_ROLES for role in roles) and len(set(roles)) > 1:
        raise ValidationError(ROLES_SEPARATED, code="roles_separated")


def is_staff_for(roles) -> bool:
    """Django admin is for the three administrators only."""
    return any(role in ADMINISTRATOR_ROLES for role in roles)


def roles_sync() -> list[str]:
    """Make every role group hold exactly the permissions of `ROLE_PERMISSIONS`.

    Returns the permissions named in the matrix that do not exist (yet): during the first
    migrate, apps later in INSTALLED_APPS have not created theirs when this first runs.
    """
    missing = []
    wanted = {
        tuple(p.split(".", 1)) for perms in ROLE_PERMISSIONS.values() for p in perms
    }
    found = {
        (app, codename): pk
        for pk, app, codename in Permission.objects.filter(
            codename__in=[c for _, c in wanted]
        ).values_list("pk", "content_type__app_label", "codename")
    }
    for role in Role.values:
        group, _ = Group.objects.get_or_create(name=role)
        pks = []
        for perm in ROLE_PERMISSIONS.get(role, []):
            key = tuple(perm.split(".", 1))
            if key in found:
                pks.append(found[key])
            else:
                missing.append(perm)
        group.permissions.set(pks)
    return sorted(set(missing))


def roles_sync_on_migrate(sender, app_config=None, using="default", **kwargs):
    """post_migrate fires once per app; the roles are synced once, after the last
    app's permissions have been created."""
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if app_config is not None and app_config is not with_models[-1]:
        return
    roles_sync()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    full_name: str = "",
    unit: OrganisationUnit | None = None,
    roles: list[str] = (),
    credential_number: str = "",
    has_legal_qualification: bool = False,
) -> User:
    """A person with their roles. Never a superuser: that is `createsuperuser`'s
    break-glass account only."""
    roles_check(roles)
    user = User(
        username=username,
        full_name=full_name,
        unit=unit,
        credential_number=credential_number,
        has_legal_qualification=has_legal_qualification,
        is_staff=is_staff_for(roles),
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@transaction.atomic
def unit_upsert(*, code: str, **fields) -> OrganisationUnit:
    unit, _ = OrganisationUnit.objects.update_or_create(code=code, defaults=fields)
    return unit
