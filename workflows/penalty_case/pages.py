"""Pages of the case desk outside single tasks: the case list, the case page (what the
case needs next, its clocks, pauses, papers and history) and the case-page actions."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from enforcement import services
from enforcement.models import CaseState
from enforcement.selectors import case_get, case_list
from enterprises.views import add_validation_errors
from workbench.paging import page_links, paginate

from . import forms, selectors, starting


class CaseListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "enforcement.view_case"
    viewset = None

    def get(self, request):
        filters = {
            "state": request.GET.get("state", ""),
            "q": request.GET.get("q", "").strip(),
            "mine": request.GET.get("mine") == "1",
        }
        page = paginate(request, case_list(filters=filters, user=request.user))
        return render(
            request,
            "workflows/penalty_case/case_list.html",
            {
                "cases": page.object_list,
                "pages": page_links(request, page),
                "filters": filters,
                "states": CaseState.choices,
            },
        )


class CaseDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "enforcement.view_case"
    viewset = None

    def get(self, request, pk):
        case = case_get(pk)
        if case is None:
            raise Http404
        return render(
            request,
            "workflows/penalty_case/case_detail.html",
            selectors.case_page(case=case, user=request.user),
        )


@dataclass(frozen=True)
class Action:
    title: str
    form_class: Any
    perform: Any  # (case, user, cleaned_data) -> str (success message)
    intro: str = ""
    needs_case_in_form: bool = False


def _evidence(case, user, data):
    services.case_record_evidence(case=case, actor=user, **data)
    return _("证据已登记。")


def _measure(case, user, data):
    measure = services.case_start_measure(case=case, actor=user, **data)
    from chinese_formats.formats import date_cn

    return _("已登记%(kind)s，期限至%(date)s。") % {
        "kind": measure.get_kind_display(),
        "date": date_cn(measure.due_on),
    }


def _measure_decide(case, user, data):
    services.case_decide_measure(
        case=case,
        measure=data["measure"],
        actor=user,
        outcome=data["outcome"],
        on=data["on"],
    )
    return _("已登记处理结果。")


def _seizure_extend(case, user, data):
    services.case_extend_seizure(case=case, measure=data["measure"], approver=user)
    return _("查封、扣押期限已延长。")


def _pause_start(case, user, data):
    starting.case_start_pause(case=case, actor=user, **data)
    return _("已登记不计入办案期限的期间。")


def _pause_end(case, user, data):
    starting.case_end_pause(
        case=case, actor=user, pause=data["pause"], ended_on=data["ended_on"]
    )
    return _("期间已结束。")


def _suspend(case, user, data):
    starting.case_suspend(
        case=case, approver=user, reason=data["reason"], on=data["on"]
    )
    return _("案件已中止调查，办案期限暂停计算。")


def _resume(case, user, data):
    starting.case_resume(case=case, approver=user, on=data["on"])
    return _("案件已恢复调查。")


def _extend_verification(case, user, data):
    starting.case_extend_verification(case=case, approver=user, reason=data["reason"])
    return _("核查期限已延长十五个工作日。")


def _extend_decision(case, user, data):
    starting.case_extend_decision_period(
        case=case,
        approver=user,
        days=data["days"],
        reason=data["reason"],
        held_on=data["held_on"],
        participants=list(data["participants"]),
        minutes=data["minutes"],
    )
    return _("办案期限已延长%(days)d日。") % {"days": data["days"]}


def _return(case, user, data):
    starting.case_return_to_investigation(case=case, actor=user, reason=data["reason"])
    return _("案件已退回补充调查。")


def _rectification(case, user, data):
    document = starting.case_issue_rectification_order(case=case, actor=user, **data)
    return _("已制发责令改正通知书 %(number)s。") % {"number": document.number}


def _arrangement(case, user, data):
    starting.case_approve_payment_arrangement(
        case=case,
        approver=user,
        kind=data["kind"],
        applied_on=data["applied_on"],
        reason=data["reason"],
        instalments=data["schedule"],
    )
    return _("已批准延期、分期缴纳。")


def _demand(case, user, data):
    services.case_record_demand(case=case, actor=user, **data)
    return _("已登记催告。")


def _court(case, user, data):
    services.case_apply_to_court(case=case, actor=user, **data)
    return _("已登记申请法院强制执行。")


def _paper_retry(case, user, data):
    from .papers import paper_task_issue

    issued = [
        document
        for task in selectors.waiting_papers(case)
        if (document := paper_task_issue(task_pk=task.pk)) is not None
    ]
    if not issued:
        errors = [
            (task.data or {}).get("paper_error", "")
            for task in selectors.waiting_papers(case)
        ]
        raise ValidationError(" ".join(filter(None, errors)) or _("文书尚未制作。"))
    return _("已制作文书：%(numbers)s。") % {
        "numbers": "、".join(d.number for d in issued)
    }


def _cancellation_retry(case, user, data):
    from enforcement.models import PenaltyKind, PenaltyLine
    from licensing.models import LicenceState

    licence_pks = list(
        case.penalty_lines.filter(
            stage=PenaltyLine.Stage.DECIDED,
            kind=PenaltyKind.LICENCE_REVOCATION,
            licence__state=LicenceState.PENALTY_REVOKED,
        ).values_list("licence_id", flat=True)
    )
    result = starting.licence_cancellations_start(
        case_pk=case.pk, licence_pks=licence_pks, actor_pk=user.pk
    )
    if result is None:
        raise ValidationError(_("许可证注销仍未能启动，详见办理记录。"))
    return _("已启动许可证注销。")


ACTIONS = {
    "paper_retry": Action(
        gettext_lazy("重新制作文书"),
        forms.ConfirmForm,
        _paper_retry,
        gettext_lazy("文书未能制作的，补正案件信息后重新制作。"),
    ),
    "cancellation_retry": Action(
        gettext_lazy("启动许可证注销"),
        forms.ConfirmForm,
        _cancellation_retry,
        gettext_lazy("许可证件被吊销后应当办理注销（行政许可法第七十条第四项）。"),
    ),
    "evidence": Action(gettext_lazy("登记证据"), forms.EvidenceForm, _evidence),
    "measure": Action(
        gettext_lazy("先行登记保存／查封扣押"),
        forms.MeasureStartForm,
        _measure,
        gettext_lazy(
            "先行登记保存须在七个工作日内作出处理决定，逾期自动解除；查封、扣押期限三十日。"
        ),
    ),
    "measure_decide": Action(
        gettext_lazy("处理证据保全措施"),
        forms.MeasureDecideForm,
        _measure_decide,
        needs_case_in_form=True,
    ),
    "seizure_extend": Action(
        gettext_lazy("延长查封、扣押"),
        forms.SeizureExtendForm,
        _seizure_extend,
        gettext_lazy("情况复杂的，经负责人批准可以延长，但延长期限不得超过三十日。"),
        needs_case_in_form=True,
    ),
    "pause_start": Action(
        gettext_lazy("登记检测、鉴定等期间"),
        forms.PauseStartForm,
        _pause_start,
        gettext_lazy(
            "检测、检验、检疫、鉴定、权利人辨认鉴别、公告等期间不计入办案期限。"
        ),
    ),
    "pause_end": Action(
        gettext_lazy("结束检测、鉴定等期间"),
        forms.PauseEndForm,
        _pause_end,
        needs_case_in_form=True,
    ),
    "suspend": Action(gettext_lazy("中止调查"), forms.DatedReasonForm, _suspend),
    "resume": Action(gettext_lazy("恢复调查"), forms.DateForm, _resume),
    "extend_verification": Action(
        gettext_lazy("延长核查期限"), forms.ReasonForm, _extend_verification
    ),
    "extend_decision": Action(
        gettext_lazy("延长办案期限"),
        forms.DecisionExtensionForm,
        _extend_decision,
        gettext_lazy("负责人批准可以延长三十日；再次延长的，须经负责人集体讨论决定。"),
    ),
    "return": Action(
        gettext_lazy("退回补充调查"),
        forms.ReasonForm,
        _return,
        gettext_lazy(
            "撤回本案当前的审核、告知、听证或者决定任务，退回办案人员补充调查。"
        ),
    ),
    "rectification": Action(
        gettext_lazy("责令改正"), forms.RectificationForm, _rectification
    ),
    "arrangement": Action(
        gettext_lazy("批准延期、分期缴纳"),
        forms.PaymentArrangementForm,
        _arrangement,
        gettext_lazy("当事人确有经济困难的，经申请和批准，可以暂缓或者分期缴纳罚款。"),
    ),
    "demand": Action(gettext_lazy("催告"), forms.DemandForm, _demand),
    "court": Action(
        gettext_lazy("申请法院强制执行"), forms.CourtApplicationForm, _court
    ),
}


class CaseActionView(LoginRequiredMixin, View):
    """One case-page action: a form and one service. Who may take it is the case's
    rule (`selectors.case_actions`); the service checks it again and its refusal is
    shown on the form."""

    template_name = "workflows/penalty_case/case_action.html"
    viewset = None

    def _setup(self, request, pk, name):
        case = case_get(pk)
        action = ACTIONS.get(name)
        if case is None or action is None:
            raise Http404
        allowed = {a.name for a in selectors.case_actions(case=case, user=request.user)}
        if name not in allowed:
            raise PermissionDenied
        return case, action

    def _form(self, action, case, data=None):
        kwargs = {"case": case} if action.needs_case_in_form else {}
        return action.form_class(data, **kwargs)

    def _render(self, request, case, action, form, status=200):
        return render(
            request,
            self.template_name,
            {"case": case, "action": action, "form": form},
            status=status,
        )

    def get(self, request, pk, name):
        case, action = self._setup(request, pk, name)
        return self._render(request, case, action, self._form(action, case))

    def post(self, request, pk, name):
        case, action = self._setup(request, pk, name)
        form = self._form(action, case, request.POST)
        if form.is_valid():
            try:
                message = action.perform(case, request.user, form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, message)
                return redirect("cases:case:detail", case.pk)
        return self._render(request, case, action, form, status=400)
