"""Reads for the case pages: the case with its clocks and what it needs next, the open
tasks of its process, its papers and its whole history."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from deadlines.calendar import WorkingCalendar
from enforcement.models import (
    DECISION_CLOCK_STATES,
    RETURNABLE_STATES,
    Case,
    CaseState,
    EvidenceMeasure,
    PenaltyLine,
    PenaltyPolicy,
)
from enforcement.selectors import case_clocks_for, case_needs
from enforcement.services import case_account, court_application_window
from enforcement.services.case_steps import investigator_ids

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    kind: str  # "event", "task" or "document"
    title: str
    detail: str
    actor: str
    url: str = ""


@dataclass(frozen=True)
class CaseAction:
    name: str
    title: str


ACTION_LABELS = {
    "register": gettext_lazy("登记案件线索"),
    "extend_verification": gettext_lazy("延长核查期限"),
    "propose": gettext_lazy("提出核查意见"),
    "return_proposal": gettext_lazy("退回核查意见"),
    "file": gettext_lazy("批准立案"),
    "not_file": gettext_lazy("批准不予立案"),
    "evidence": gettext_lazy("登记证据"),
    "measure_preservation": gettext_lazy("先行登记保存证据"),
    "measure_seizure": gettext_lazy("查封、扣押"),
    "measure_decided": gettext_lazy("处理证据保全措施"),
    "measure_lapsed": gettext_lazy("先行登记保存逾期自动解除"),
    "seizure_extended": gettext_lazy("延长查封、扣押期限"),
    "pause_start": gettext_lazy("开始不计入办案期限的期间"),
    "pause_end": gettext_lazy("结束不计入办案期限的期间"),
    "suspend": gettext_lazy("中止调查"),
    "resume": gettext_lazy("恢复调查"),
    "propose_termination": gettext_lazy("提请终止调查"),
    "terminate": gettext_lazy("批准终止调查"),
    "termination_rejected": gettext_lazy("不同意终止调查"),
    "discussion": gettext_lazy("集体讨论"),
    "extend_decision": gettext_lazy("延长办案期限"),
    "rectification_order": gettext_lazy("责令改正"),
    "report": gettext_lazy("提交调查终结报告"),
    "case_review": gettext_lazy("案件审核通过"),
    "legality_review": gettext_lazy("法制审核通过"),
    "notice": gettext_lazy("制发行政处罚告知书"),
    "serve_notice": gettext_lazy("送达告知书"),
    "statement": gettext_lazy("当事人陈述、申辩"),
    "statement_waived": gettext_lazy("当事人放弃陈述、申辩"),
    "statement_lapsed": gettext_lazy("陈述申辩期届满"),
    "hearing_requested": gettext_lazy("当事人要求听证"),
    "hearing_arranged": gettext_lazy("安排听证"),
    "hearing_held": gettext_lazy("举行听证"),
    "re_examination": gettext_lazy("复核"),
    "return_to_investigation": gettext_lazy("退回补充调查"),
    "decide": gettext_lazy("作出决定"),
    "decision_document": gettext_lazy("制发决定书"),
    "serve_decision": gettext_lazy("送达决定书"),
    "referral": gettext_lazy("移送"),
    "publicity": gettext_lazy("信用公示"),
    "payment": gettext_lazy("缴款"),
    "payment_arrangement": gettext_lazy("批准延期、分期缴纳"),
    "demand": gettext_lazy("催告"),
    "court_application": gettext_lazy("申请法院强制执行"),
    "executed": gettext_lazy("执行完毕"),
    "propose_closure": gettext_lazy("提出结案报告"),
    "close": gettext_lazy("结案"),
    "decide_on_the_spot": gettext_lazy("当场作出行政处罚决定"),
    "summary_filed": gettext_lazy("简易程序决定备案"),
    "licence_cancellation_started": gettext_lazy("启动许可证注销"),
    "licence_cancellation_failed": gettext_lazy("启动许可证注销未成功"),
}


def case_tasks(case: Case):
    content_type = ContentType.objects.get_for_model(Case)
    return (
        Task.objects.filter(
            process__artifact_content_type=content_type,
            process__artifact_object_id=case.pk,
            flow_task_type="HUMAN",
        )
        .select_related("process", "owner", "deadline")
        .order_by("created")
    )


def waiting_papers(case: Case) -> list[Task]:
    """Papers of the case's flow still waiting to be issued (with any failure)."""
    content_type = ContentType.objects.get_for_model(Case)
    tasks = Task.objects.filter(
        process__artifact_content_type=content_type,
        process__artifact_object_id=case.pk,
        flow_task_type="FUNCTION",
        status=STATUS.NEW,
    ).order_by("pk")
    return [t for t in tasks if hasattr(t.flow_task, "issue")]


def cancellation_pending(case: Case) -> bool:
    """A 吊销 decision whose cancellation did not start (see
    starting.licence_cancellations_start)."""
    last = (
        case.events.filter(
            action__in=["licence_cancellation_started", "licence_cancellation_failed"]
        )
        .order_by("-occurred_at", "-id")
        .first()
    )
    return last is not None and last.action == "licence_cancellation_failed"


def _documents(case: Case) -> list:
    from documents.selectors import documents_for_record

    return list(documents_for_record(case))


def case_actions(*, case: Case, user) -> list[CaseAction]:
    """The case-page actions this user may take now."""
    state = case.state
    is_investigator = user.has_perm("enforcement.investigate_case") and (
        user.pk in investigator_ids(case)
    )
    actions = []

    def add(name, title):
        actions.append(CaseAction(name, title))

    if is_investigator and state == CaseState.INVESTIGATING:
        add("evidence", _("登记证据"))
        add("measure", _("先行登记保存／查封扣押"))
        add("rectification", _("责令改正"))
    if (
        is_investigator
        and case.evidence_measures.filter(ended_on__isnull=True).exists()
    ):
        add("measure_decide", _("处理证据保全措施"))
    if user.has_perm("enforcement.approve_evidence_measure") and (
        case.evidence_measures.filter(
            ended_on__isnull=True, kind=EvidenceMeasure.Kind.SEIZURE
        ).exists()
    ):
        add("seizure_extend", _("延长查封、扣押"))
    if is_investigator and state in DECISION_CLOCK_STATES:
        add("pause_start", _("登记检测、鉴定等期间"))
        if case.pauses.filter(
            ended_on__isnull=True,
            kind__in=["testing", "identification", "public_notice", "refund"],
        ).exists():
            add("pause_end", _("结束检测、鉴定等期间"))
    if user.has_perm("enforcement.approve_suspension"):
        if state == CaseState.INVESTIGATING:
            add("suspend", _("中止调查"))
        if state == CaseState.SUSPENDED:
            add("resume", _("恢复调查"))
    if (
        user.has_perm("enforcement.approve_filing")
        and state == CaseState.VERIFYING
        and not case.verification_extended
    ):
        add("extend_verification", _("延长核查期限"))
    if user.has_perm("enforcement.extend_case_period") and state in (
        DECISION_CLOCK_STATES
    ):
        add("extend_decision", _("延长办案期限"))
    if user.has_perm("enforcement.return_to_investigation") and state in (
        RETURNABLE_STATES
    ):
        add("return", _("退回补充调查"))
    if (is_investigator or user.has_perm("enforcement.decide_case")) and (
        waiting_papers(case)
    ):
        add("paper_retry", _("重新制作文书"))
    if user.has_perm("licensing.cancel_licence") and cancellation_pending(case):
        add("cancellation_retry", _("启动许可证注销"))
    if state == CaseState.ENFORCEMENT:
        if user.has_perm("enforcement.approve_payment_arrangement"):
            add("arrangement", _("批准延期、分期缴纳"))
        if is_investigator:
            add("demand", _("催告"))
            if case.demand_served_on and not case.court_applied_on:
                add("court", _("申请法院强制执行"))
    return actions


def case_panel(*, case: Case, user, today=None) -> dict:
    """The side panel of a task page: the case, its clocks and what it needs next."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar.load()
    case = (
        Case.objects.select_related("party", "suspected_violation_type")
        .prefetch_related("pauses", "extensions", "evidence_measures")
        .get(pk=case.pk)
    )
    account = case_account(case, as_of=today) if case.decision_kind else None
    return {
        "case": case,
        "clocks": case_clocks_for(case=case, today=today, calendar=calendar),
        "needs": case_needs(case=case, today=today, account=account),
        "account": account,
        "proposed_lines": list(
            case.penalty_lines.filter(stage=PenaltyLine.Stage.PROPOSED).select_related(
                "violation_type", "licence"
            )
        ),
        "case_url_name": "cases:case:detail",
    }


def case_history(*, case: Case, documents: list, tasks: list) -> list[HistoryEntry]:
    """Everything that happened to the case, oldest first."""
    entries = [
        HistoryEntry(
            event.occurred_at,
            "event",
            str(ACTION_LABELS.get(event.action, event.action)),
            event.note,
            str(event.actor or _("系统")),
        )
        for event in case.events.select_related("actor")
    ]
    for task in tasks:
        if task.status == STATUS.CANCELED:
            detail = _("已撤回")
        elif task.finished:
            detail = _("已办理")
        else:
            continue
        node = task.flow_task
        entries.append(
            HistoryEntry(
                task.finished,
                "task",
                str(node.task_title or node),
                str(detail),
                str(task.owner or ""),
                node.reverse("detail", args=[task.process_id, task.pk]),
            )
        )
    for document in documents:
        entries.append(
            HistoryEntry(
                document.issued_at,
                "document",
                str(document.document_type),
                document.number,
                str(document.issued_by or ""),
                document.get_absolute_url(),
            )
        )
    entries.sort(key=lambda e: e.at)
    return entries


def case_page(*, case: Case, user, today=None) -> dict:
    today = today or timezone.localdate()
    context = case_panel(case=case, user=user, today=today)
    case = context["case"]
    tasks = list(case_tasks(case))
    documents = _documents(case)
    lines = list(
        case.penalty_lines.select_related(
            "violation_type", "licence", "discretion_rule"
        )
    )
    context.update(
        {
            "investigators": list(case.investigator_links.select_related("user")),
            "evidence": list(case.evidence.select_related("collected_by")),
            "measures": list(case.evidence_measures.all()),
            "pauses": list(case.pauses.all()),
            "extensions": list(case.extensions.select_related("approved_by")),
            "discussions": list(
                case.discussions.select_related("chaired_by").prefetch_related(
                    "participants"
                )
            ),
            "hearings": list(case.hearings.select_related("host")),
            "lines_by_stage": [
                (label, [x for x in lines if x.stage == stage])
                for stage, label in PenaltyLine.Stage.choices
                if any(x.stage == stage for x in lines)
            ],
            "payments": list(case.payments.all()),
            "arrangements": list(
                case.payment_arrangements.prefetch_related("instalments")
            ),
            "alerts": list(case.alerts.all()[:20]),
            "waiting_papers": [
                (t.flow_task.task_title, (t.data or {}).get("paper_error", ""))
                for t in waiting_papers(case)
            ],
            "open_tasks": [
                (t, t.flow_task.reverse("detail", args=[t.process_id, t.pk]))
                for t in tasks
                if t.status in OPEN
            ],
            "documents": documents,
            "history": case_history(case=case, documents=documents, tasks=tasks),
            "actions": case_actions(case=case, user=user),
            "court_window": court_application_window(case),
            "policy": PenaltyPolicy.current(),
        }
    )
    return context
