"""Security events into the trail: signing in and out, failures and lockouts, users
created, disabled and enabled, passwords set, roles and permissions changed.

Receivers only turn a signal into an entry; they take no decision."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils.translation import gettext_lazy as _

from audit_trail import actions
from audit_trail.models import AuditCategory
from audit_trail.request_context import request_source_ip
from audit_trail.services import audit_record

from .roles import Role

BREAK_GLASS_CREATED = "user.break_glass_create"
BREAK_GLASS_SIGNED_IN = "auth.break_glass_login"
actions.action_labels_register(
    {
        BREAK_GLASS_CREATED: _("设立应急超级用户"),
        BREAK_GLASS_SIGNED_IN: _("应急超级用户登录"),
    }
)

SECURITY = AuditCategory.SECURITY


def _on_logged_in(sender, request, user, **kwargs):
    audit_record(
        action=actions.LOGIN_SUCCEEDED,
        category=SECURITY,
        actor=user,
        target=user,
        source_ip=request_source_ip(request),
    )
    if user.is_superuser:
        # A superuser passes every check: each use of the break-glass account is
        # an event of its own, for the audit administrator to find.
        audit_record(
            action=BREAK_GLASS_SIGNED_IN,
            category=SECURITY,
            actor=user,
            target=user,
            source_ip=request_source_ip(request),
        )


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Django hides the password in `credentials` already; only the username is kept.
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or "")
    tried = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    audit_record(
        action=actions.LOGIN_FAILED,
        category=SECURITY,
        actor_name=username,
        target=tried,
        after={"用户名": username},
        source_ip=request_source_ip(request),
    )


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    User = get_user_model()
    tried = User.objects.filter(**{User.USERNAME_FIELD: username or ""}).first()
    audit_record(
        action=actions.LOCKED_OUT,
        category=SECURITY,
        actor_name=username or "",
        target=tried,
        after={"用户名": username or "", "来源地址": ip_address or ""},
        source_ip=ip_address or request_source_ip(request),
    )


def _on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    audit_record(
        action=actions.LOGGED_OUT,
        category=SECURITY,
        actor=user,
        target=user,
        source_ip=request_source_ip(request),
    )


def _user_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the account's state before a save, to tell a disable, an enable or a
    new password. Signing in saves only last_login, and a password rehashed with a
    newer hasher on sign-in saves only the password (the same password): neither
    save is read."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and set(update_fields) in (
        {"last_login"},
        {"password"},
        set(),
    ):
        return
    old = (
        sender.objects.filter(pk=instance.pk)
        .values("is_active", "password", "is_superuser")
        .first()
    )
    instance._audit_before = old


def _user_after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        audit_record(
            action=actions.USER_CREATED,
            category=SECURITY,
            target=instance,
            after={"姓名": instance.get_full_name(), "启用": instance.is_active},
        )
        if instance.is_superuser:  # createsuperuser, the break-glass account
            audit_record(action=BREAK_GLASS_CREATED, category=SECURITY, target=instance)
        return
    old = instance.__dict__.pop("_audit_before", None)
    if old is None:
        return
    if instance.is_superuser and not old["is_superuser"]:
        audit_record(action=BREAK_GLASS_CREATED, category=SECURITY, target=instance)
    if old["is_active"] != instance.is_active:
        audit_record(
            action=(
                actions.USER_ENABLED if instance.is_active else actions.USER_DISABLED
            ),
            category=SECURITY,
            target=instance,
            before={"启用": old["is_active"]},
            after={"启用": instance.is_active},
        )
    if old["password"] != instance.password:
        # The hash is never written to the trail, only that it changed.
        audit_record(action=actions.PASSWORD_SET, category=SECURITY, target=instance)


def _role_name(group) -> str:
    """A role by the name people know it by (a role's group is named by its code)."""
    return str(dict(Role.choices).get(group.name, group.name))


def _role_names(groups) -> list[str]:
    return sorted(_role_name(g) for g in groups)


def _record_text(obj) -> str | None:
    return _role_name(obj) if isinstance(obj, Group) else None


_PERMISSION_VERBS = {
    "add": _("新增"),
    "change": _("修改"),
    "delete": _("删除"),
    "view": _("查看"),
    "manage": _("管理"),  # viewflow's "Can manage <flow>"
}


def _permission_words(permission) -> str:
    """A permission in words: 查看许可证 for the model permissions Django names in
    English, its own (Chinese) name for the project's custom ones."""
    verb, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if (
        verb in _PERMISSION_VERBS
        and model is not None
        and model._meta.model_name == model_name
    ):
        return f"{_PERMISSION_VERBS[verb]}{model._meta.verbose_name}"
    return str(permission.name)


def _permission_names(permissions) -> list[str]:
    if hasattr(permissions, "select_related"):
        permissions = permissions.select_related("content_type")
    return sorted(_permission_words(p) for p in permissions)


def _m2m_receiver(*, action_code: str, field: str, label: str, describe):
    """A receiver for one many-to-many field that keeps the set before the change
    (on pre_*) and writes the set after it (on post_*). A change made from the other
    side (a group's users, say) records who was added or removed."""

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if reverse:
            if action not in ("post_add", "post_remove"):
                return
            key = "增加" if action == "post_add" else "移除"
            for obj in model.objects.filter(pk__in=pk_set or ()):
                audit_record(
                    action=action_code,
                    category=SECURITY,
                    target=obj,
                    target_text=_record_text(obj),
                    after={key: describe([instance])},
                )
            return
        if action in ("pre_add", "pre_remove", "pre_clear"):
            instance.__dict__.setdefault("_audit_m2m", {})[field] = describe(
                getattr(instance, field).all()
            )
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        before = instance.__dict__.get("_audit_m2m", {}).pop(field, None)
        after = describe(getattr(instance, field).all())
        if before == after:
            return
        audit_record(
            action=action_code,
            category=SECURITY,
            target=instance,
            target_text=_record_text(instance),
            before={label: before},
            after={label: after},
        )

    return receiver


_user_groups_changed = _m2m_receiver(
    action_code=actions.USER_GROUPS_CHANGED,
    field="groups",
    label="角色",
    describe=_role_names,
)
_user_permissions_changed = _m2m_receiver(
    action_code=actions.USER_PERMISSIONS_CHANGED,
    field="user_permissions",
    label="权限",
    describe=_permission_names,
)
_group_permissions_changed = _m2m_receiver(
    action_code=actions.GROUP_PERMISSIONS_CHANGED,
    field="permissions",
    label="权限",
    describe=_permission_names,
)


def security_receivers_connect() -> None:
    from axes.signals import user_locked_out

    User = get_user_model()
    user_logged_in.connect(_on_logged_in, dispatch_uid="audit_logged_in")
    user_login_failed.connect(_on_login_failed, dispatch_uid="audit_login_failed")
    user_logged_out.connect(_on_logged_out, dispatch_uid="audit_logged_out")
    user_locked_out.connect(_on_locked_out, dispatch_uid="audit_locked_out")
    pre_save.connect(_user_before_save, sender=User, dispatch_uid="audit_user_pre")
    post_save.connect(_user_after_save, sender=User, dispatch_uid="audit_user_post")
    m2m_changed.connect(
        _user_groups_changed,
        sender=User.groups.through,
        dispatch_uid="audit_user_groups",
    )
    m2m_changed.connect(
        _user_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="audit_user_permissions",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="audit_group_permissions",
    )
