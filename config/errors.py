"""Error pages that tell the user what is missing and whom to ask.

A refusal (403) names, where it can be worked out from the page asked for, the role the
step needs (from the matrix in `organisation/roles.py`), the colleague who holds a task
assigned to someone else, or the rule that keeps the user off it (四眼原则, 办案人员不得审核本案);
and the administrators who assign roles.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.template import loader
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from organisation.roles import Role
from workflows.penalty_case.models import PenaltyCaseProcess, SummaryPenaltyProcess

from .ui_tags import roles_holding

_OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED]


def _names(users) -> str:
    return "、".join(user.get_full_name() or user.get_username() for user in users)


def _quoted_roles(permission: str) -> str:
    names = roles_holding(permission)
    return "、".join(f"“{name}”" for name in names)


def administrators() -> str:
    """Who assigns roles: the active security administrators (三员分立)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.SECURITY_ADMINISTRATOR)
        .order_by("pk")
        .distinct()[:3]
    )
    return _names(users)


def _user_roles(user) -> str:
    codes = set(user.groups.values_list("name", flat=True))
    return "、".join(str(role.label) for role in Role if role.value in codes)


def _needs_role(permission: str, *, what: str | None = None) -> str | None:
    roles = _quoted_roles(permission)
    if not roles:
        return None
    if what:
        return _("%(what)s需要%(roles)s角色。") % {"what": what, "roles": roles}
    return _("此操作需要%(roles)s角色。") % {"roles": roles}


def _task_reason(request, node, task) -> str | None:
    user = request.user
    title = str(node.task_title)
    if task is not None:
        if task.status not in _OPEN:
            return _finished(task, title)
        if task.owner_id and task.owner_id != user.pk:
            return _(
                "“%(task)s”已由%(owner)s领取，只有%(owner)s可以办理。"
                "需要转交的，请联系%(owner)s退回任务。"
            ) % {"task": title, "owner": _names([task.owner])}
        data = task.process.data or {}
        if user.pk == data.get("initiator_id") and hasattr(node, "_is_initiator"):
            return _(
                "按照四眼原则，发起人不能审核或审批本人提出的“%(task)s”，"
                "请由其他有权限的同事办理。"
            ) % {"task": title}
        if hasattr(node, "_excluded") and (
            user.pk in data.get("investigator_ids", [])
            or user.pk == data.get("initiator_id")
        ):
            return _(
                "本案的办案人员（及线索登记人）不能办理“%(task)s”"
                "（行政处罚法第六十四条第四项），请由其他有权限的同事办理。"
            ) % {"task": title}
    permission = getattr(node, "_owner_permission", None)
    if permission and not user.has_perm(permission):
        return _needs_role(permission, what=_("办理“%(task)s”") % {"task": title})
    if task is not None and task.owner_id is None and permission is None:
        return _("“%(task)s”由流程指定的承办人办理。") % {"task": title}
    return None


def _flow_reason(request, flow_class, url_name: str) -> str | None:
    user = request.user
    process_model = flow_class.process_class._meta
    manage = f"{process_model.app_label}.manage_{process_model.model_name}"
    view = f"{process_model.app_label}.view_{process_model.model_name}"
    title = str(flow_class.process_title)
    if url_name in ("process_cancel",) or url_name.startswith("tasks_"):
        return _needs_role(
            manage, what=_("管理“%(flow)s”流程（取消、转派）") % {"flow": title}
        ) or _("“%(flow)s”流程不能在此取消或转派。") % {"flow": title}
    if not user.has_perm(view):
        return _needs_role(view, what=_("查看“%(flow)s”") % {"flow": title})
    return None


def _finished(task, title: str) -> str:
    """A task someone else (or another tab) got to first: who, and when."""
    if task.status == STATUS.DONE and task.owner_id and task.finished:
        return _(
            "“%(task)s”已由%(owner)s于%(at)s办理完毕，不能再次办理；"
            "办理结果见本流程的办理记录。"
        ) % {
            "task": title,
            "owner": _names([task.owner]),
            "at": date_format(localtime(task.finished), "DATETIME_FORMAT"),
        }
    return _("“%(task)s”已%(status)s，不能再办理。") % {
        "task": title,
        "status": task.get_status_display(),
    }


def _task_of(match, node):
    """The task a refused task page was about (open or not), read once."""
    task_pk = (match.kwargs or {}).get("task_pk")
    if node is None or not task_pk:
        return None
    return Task.objects.select_related("owner", "process").filter(pk=task_pk).first()


def process_link(request) -> str | None:
    """The process page of the task or process a refused request was about."""
    match = getattr(request, "resolver_match", None)
    extra = getattr(getattr(match, "url_name", None), "extra", {}) or {}
    node = extra.get("node")
    process_pk = (getattr(match, "kwargs", None) or {}).get("process_pk")
    if node is None or not process_pk:
        return None
    flow = node.flow_class.instance
    # A penalty case's story is on its case page (办理记录), which everyone on the
    # case may open; viewflow's process page is for those who manage the flow.
    process = flow.process_class.objects.filter(pk=process_pk).first()
    if isinstance(process, PenaltyCaseProcess | SummaryPenaltyProcess):
        return reverse("cases:case:detail", args=[process.artifact_object_id])
    if flow.has_view_permission(request.user):
        return flow.reverse("process_detail", args=[process_pk])
    return None


def permission_denied_reason(request, exception) -> str:
    """Why the request was refused, in a sentence, as far as the page tells."""
    message = str(exception or "").strip()
    match = getattr(request, "resolver_match", None)
    extra = getattr(getattr(match, "url_name", None), "extra", {}) or {}
    node = extra.get("node")
    # A task already done (the loser of a race, a second tab): say who did it and
    # when, whatever viewflow's exception says ("no transition from DONE").
    task = _task_of(match, node)
    if task is not None and task.status not in _OPEN:
        return _finished(task, str(node.task_title))
    if message:
        return message
    reason = None
    if node is not None:
        reason = _task_reason(request, node, task)
    elif extra.get("flow_viewset") is not None:
        flow_class = getattr(extra["flow_viewset"], "_flow_class", None)
        if flow_class is not None:
            reason = _flow_reason(request, flow_class, str(match.url_name))
    if reason is None:
        required = getattr(getattr(match, "func", None), "view_class", None)
        required = getattr(required, "permission_required", None)
        if isinstance(required, str):
            required = [required]
        missing = [p for p in required or [] if not request.user.has_perm(p)]
        if missing:
            reason = _needs_role(missing[0])
    if reason is None:
        viewset = extra.get("viewset") or extra.get("app")
        title = getattr(viewset, "title", None)
        if title:
            reason = _("您没有使用“%(page)s”的权限。") % {"page": title}
        else:
            reason = _("您没有访问此页面的权限。")
    return reason


def permission_denied(request, exception=None, template_name="403.html"):
    """handler403: the refusal with its reason, the user's roles and whom to ask."""
    user = request.user
    if not user.is_authenticated and request.method in ("GET", "HEAD"):
        # Someone not signed in (a link from a message, a session that ended) is
        # asked to sign in and brought back, not refused.
        return redirect_to_login(request.get_full_path())
    context = {"exception": exception, "request_path": request.path}
    if user.is_authenticated:
        context.update(
            reason=permission_denied_reason(request, exception),
            process_url=process_link(request),
            user_roles=_user_roles(user),
            administrators=administrators(),
        )
    template = loader.get_template(template_name)
    return HttpResponseForbidden(template.render(context, request))
