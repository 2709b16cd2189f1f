from django.conf import settings

from .models import OrganisationUnit, User
from .roles import Role


def home_bureau() -> OrganisationUnit | None:
    """The bureau this installation serves (settings.HOME_BUREAU_CODE)."""
    return OrganisationUnit.objects.filter(code=settings.HOME_BUREAU_CODE).first()


def user_roles(user: User) -> list[str]:
    if not user.is_authenticated:
        return []
    names = {g.name for g in user.groups.all()}
    return [role for role in Role.values if role in names]
