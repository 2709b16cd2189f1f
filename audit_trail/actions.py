"""The actions of the trail: short codes, with the Chinese label a page shows.

Security actions are declared here. Apps that feed the trail declare their own
(`action_labels_register`, from their AppConfig.ready()), because the labels of a
domain's steps belong to the domain or its workflows."""

from django.utils.translation import gettext_lazy as _

LOGIN_SUCCEEDED = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOCKED_OUT = "auth.locked_out"
LOGGED_OUT = "auth.logout"
USER_CREATED = "user.create"
USER_DISABLED = "user.disable"
USER_ENABLED = "user.enable"
PASSWORD_SET = "user.password_set"
USER_GROUPS_CHANGED = "user.groups_change"
USER_PERMISSIONS_CHANGED = "user.permissions_change"
GROUP_PERMISSIONS_CHANGED = "group.permissions_change"
SETTINGS_ADDED = "settings.add"
SETTINGS_CHANGED = "settings.change"
SETTINGS_DELETED = "settings.delete"
AUDIT_EXPORTED = "audit.export"
AUDIT_PURGED = "audit.purge"

_LABELS = {
    LOGIN_SUCCEEDED: _("登录成功"),
    LOGIN_FAILED: _("登录失败"),
    LOCKED_OUT: _("账号或地址被锁定"),
    LOGGED_OUT: _("退出登录"),
    USER_CREATED: _("新建用户"),
    USER_DISABLED: _("停用用户"),
    USER_ENABLED: _("启用用户"),
    PASSWORD_SET: _("设置密码"),
    USER_GROUPS_CHANGED: _("变更用户角色"),
    USER_PERMISSIONS_CHANGED: _("变更用户权限"),
    GROUP_PERMISSIONS_CHANGED: _("变更角色权限"),
    SETTINGS_ADDED: _("新增设置"),
    SETTINGS_CHANGED: _("修改设置"),
    SETTINGS_DELETED: _("删除设置"),
    AUDIT_EXPORTED: _("导出审计记录"),
    AUDIT_PURGED: _("清理过期审计记录"),
}


def action_labels_register(labels: dict) -> None:
    """Declare labels for action codes ({"licence.revoke": _("撤销许可证"), …})."""
    _LABELS.update(labels)


def action_label(code: str) -> str:
    """The action's label; a code nobody declared shows as 其他操作（code）."""
    label = _LABELS.get(code)
    if label is not None:
        return str(label)
    return str(_("其他操作（%(code)s）") % {"code": code})


def action_choices() -> list[tuple[str, str]]:
    """Every declared action, by label, for the page's filter."""
    return sorted(
        ((code, str(label)) for code, label in _LABELS.items()), key=lambda c: c[1]
    )
