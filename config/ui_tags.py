"""Template helpers for the site shell and the overrides of viewflow's templates
(`{% load bureau_ui %}`): values in words, buttons only for those who may use them."""

from django import template
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

register = template.Library()


@register.filter
def in_words(value):
    """A field's value as a page shows it: 是/否 for booleans, nothing for None, a
    model's choice label where viewflow passed the raw value."""
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value is None:
        return ""
    return value


@register.filter
def task_status(value) -> str:
    """A task's status code (DONE, NEW…) in words."""
    try:
        return str(STATUS(value).label)
    except ValueError:
        return value or ""


@register.filter
def may_cancel_process(process, user) -> bool:
    """viewflow offers 取消 on every running process; only those who may manage the
    flow's processes (the permission its cancel view checks) see it."""
    flow_class = getattr(process, "flow_class", None)
    if flow_class is None or process.status != STATUS.NEW:
        return False
    return flow_class.instance.has_manage_permission(user, obj=process)


@register.simple_tag
def first_permitted_url(app, user):
    """The page an application's menu entry opens for this user. viewflow's
    application index redirects to its first page whoever asks, which answers 403 to
    a user who may only see a later one; such a user is sent to the first page they
    may see instead."""
    index = app.reverse("index")
    try:
        items = list(app.menu_items())
    except (AttributeError, TypeError):
        return index
    if not items or items[0].has_view_permission(user):
        return index
    for viewset in items[1:]:
        if viewset.has_view_permission(user):
            try:
                return viewset.reverse("index")
            except NoReverseMatch:
                continue
    return index


@register.filter
def pagination_number(value) -> str:
    """Counts on list pages written with thousands separators (3,235)."""
    if isinstance(value, int):
        return f"{value:,}"
    return value


def roles_holding(permission: str) -> list[str]:
    """The names of the roles whose permissions (organisation/roles.py) include
    `permission` ("app_label.codename"), in the matrix's order."""
    from organisation.roles import ROLE_PERMISSIONS, Role

    return [
        str(Role(role).label)
        for role, permissions in ROLE_PERMISSIONS.items()
        if permission in permissions
    ]


@register.filter
def permission_roles(permission) -> str:
    """A task's required permission named by the roles that hold it (局负责人、…)."""
    if not permission:
        return ""
    names = roles_holding(str(permission))
    return "、".join(names) if names else _("系统管理员")


# The fills of viewflow's chart (graph.svg) for each task status.
_CHART_FILLS = {
    STATUS.DONE: "#c8e6c9",
    STATUS.NEW: "#42a5f5",
    STATUS.ASSIGNED: "#ffeb3b",
    STATUS.STARTED: "#ffa726",
    STATUS.SCHEDULED: "#b3e5fc",
    STATUS.ERROR: "#f44336",
    STATUS.CANCELED: "#90a4ae",
}


@register.filter
def chart_legend(cells) -> list[dict]:
    """The statuses a process chart colours its nodes with, each with its fill and its
    name, for a legend under the chart (the chart itself only colours them)."""
    present = {cell.status for cell in cells if getattr(cell, "status", None)}
    return [
        {"fill": fill, "label": str(STATUS(status).label), "x": 10 + index * 110}
        for index, (status, fill) in enumerate(
            (status, fill) for status, fill in _CHART_FILLS.items() if status in present
        )
    ]


@register.filter
def is_process_status(field) -> bool:
    """The process's own status field, as opposed to its record's state."""
    from viewflow.workflow.models import AbstractProcess

    model = getattr(field, "model", None)
    return (
        field.name == "status"
        and isinstance(model, type)
        and issubclass(model, AbstractProcess)
    )


@register.filter
def in_minutes(value) -> int:
    """A timedelta as whole minutes (the lockout page: 30 分钟后自动解锁)."""
    return int(value.total_seconds() // 60) if value else 0
