from django.conf import settings
from django.db.models import QuerySet

from .models import OrganisationUnit, User
from .roles import Role


def home_bureau() -> OrganisationUnit | None:
    """The bureau this installation serves (settings.HOME_BUREAU_CODE)."""
    return OrganisationUnit.objects.filter(code=settings.HOME_BUREAU_CODE).first()


def unit_is_local(unit: OrganisationUnit) -> bool:
    """True when the unit belongs to this bureau (not an external authority)."""
    return unit.kind != OrganisationUnit.Kind.EXTERNAL


def user_roles(user: User) -> list[str]:
    if not user.is_authenticated:
        return []
    names = {g.name for g in user.groups.all()}
    return [role for role in Role.values if role in names]


def user_list_with_role(*, role: str) -> QuerySet[User]:
    return User.objects.filter(groups__name=role, is_active=True).order_by("username")
