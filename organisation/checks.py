"""No superuser at run time: one left active after an emergency is a warning."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def no_active_superuser(app_configs=None, **kwargs):
    from .models import User

    try:
        names = list(
            User.objects.filter(is_superuser=True, is_active=True).values_list(
                "username", flat=True
            )[:5]
        )
    except DatabaseError:  # not migrated yet: nothing to warn about
        return []
    if not names:
        return []
    return [
        Warning(
            "存在启用的超级用户：%s。超级用户只供应急（createsuperuser），"
            "其权限绕过角色矩阵，用毕请停用。" % "、".join(names),
            id="organisation.W001",
        )
    ]
