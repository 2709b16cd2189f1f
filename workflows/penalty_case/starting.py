"""Workflow-level services of the penalty cases: actions taken on the case page that
also move or re-time the case's process, in one transaction with the domain write.

Lock order: the process (viewflow's lock), then the case (the domain services).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from documents.language import document_language
from enforcement import services
from enforcement.models import Case, CaseEvent
from organisation.models import User
from workflows.deadlines import task_deadline_set

from . import papers
from .task_deadlines import deadline_for

RETURN_NO_OPEN_TASK = _("流程中没有可以退回的任务，请联系系统管理员。")
RETURN_TASK_NOT_CANCELLABLE = _("任务“%(task)s”当前不能撤回，请稍后再试。")

FINISHED = [STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED]


def _flows():
    from .flows import PenaltyCaseFlow, SummaryPenaltyFlow

    return PenaltyCaseFlow, SummaryPenaltyFlow


def case_process(case: Case) -> Process | None:
    """The case's process (ordinary or summary procedure)."""
    from django.contrib.contenttypes.models import ContentType

    return (
        Process.objects.filter(
            artifact_content_type=ContentType.objects.get_for_model(Case),
            artifact_object_id=case.pk,
        )
        .order_by("-pk")
        .first()
    )


def _open_tasks(process: Process):
    return process.task_set.exclude(status__in=FINISHED).order_by("pk")


@transaction.atomic
def case_deadlines_refresh(*, case: Case) -> int:
    """Re-time the open human tasks after a pause, resumption or extension moved a
    period. Returns how many deadlines were rewritten."""
    process = case_process(case)
    if process is None:
        return 0
    case = Case.objects.get(pk=case.pk)
    count = 0
    for task in _open_tasks(process).filter(flow_task_type="HUMAN"):
        found = deadline_for(task.flow_task.name, case)
        if found is not None:
            task_deadline_set(
                task=task,
                deadline=found.deadline,
                basis=found.basis,
                paused=found.paused,
            )
            count += 1
    return count


@transaction.atomic
def case_return_to_investigation(*, case: Case, actor: User, reason: str) -> Task:
    """退回补充调查 as one audited action: the case goes back to investigation, every
    open task of its process is cancelled, and a new investigation task is created for
    the lead investigator, all in one transaction. Returns the new task."""
    flow_class, _summary = _flows()
    process = case_process(case)
    if process is None:
        raise ValidationError(RETURN_NO_OPEN_TASK, code="no_process")
    with flow_class.lock(process.pk):
        services.case_return_to_investigation(case=case, actor=actor, reason=reason)
        cancelled = []
        for task in _open_tasks(process):
            activation = task.flow_task.activation_class(task)
            cancel = getattr(activation, "cancel", None)
            if cancel is None or not cancel.can_proceed():
                raise ValidationError(
                    RETURN_TASK_NOT_CANCELLABLE,
                    code="not_cancellable",
                    params={"task": task.flow_task.task_title or task.flow_task},
                )
            cancel()
            cancelled.append(activation)
        human = [a for a in cancelled if a.task.flow_task_type == "HUMAN"]
        if not human:
            raise ValidationError(RETURN_NO_OPEN_TASK, code="no_task")
        previous = human[-1]
        activation = flow_class.investigate._create(previous, previous.task.token)
        if activation.activate.can_proceed():  # assigned to the lead: nothing to do
            activation.activate()
        return activation.task


@transaction.atomic
def case_suspend(*, case: Case, approver: User, reason: str, on) -> Case:
    case = services.case_suspend(case=case, approver=approver, reason=reason, on=on)
    case_deadlines_refresh(case=case)
    return case


@transaction.atomic
def case_resume(*, case: Case, approver: User, on) -> Case:
    case = services.case_resume(case=case, approver=approver, on=on)
    case_deadlines_refresh(case=case)
    return case


@transaction.atomic
def case_start_pause(*, case: Case, actor: User, kind: str, started_on, reason: str):
    pause = services.case_start_pause(
        case=case, actor=actor, kind=kind, started_on=started_on, reason=reason
    )
    case_deadlines_refresh(case=case)
    return pause


@transaction.atomic
def case_end_pause(*, case: Case, actor: User, pause, ended_on):
    pause = services.case_end_pause(
        case=case, pause=pause, actor=actor, ended_on=ended_on
    )
    case_deadlines_refresh(case=case)
    return pause


@transaction.atomic
def case_extend_verification(*, case: Case, approver: User, reason: str) -> Case:
    case = services.case_extend_verification(
        case=case, approver=approver, reason=reason
    )
    case_deadlines_refresh(case=case)
    return case


@transaction.atomic
def case_extend_decision_period(
    *,
    case: Case,
    approver: User,
    days: int,
    reason: str,
    held_on=None,
    participants=(),
    minutes: str = "",
):
    """+30 days by the head; later extensions with the collective discussion that
    decided them, recorded in the same step."""
    discussion = None
    if participants:
        discussion = services.case_record_discussion(
            case=case,
            actor=approver,
            purpose="extension",
            held_on=held_on or timezone.localdate(),
            chair=approver,
            participants=list(participants),
            minutes=minutes,
            conclusion=str(
                _("同意延长办案期限%(days)d日：%(reason)s")
                % {"days": days, "reason": reason}
            ),
        )
    extension = services.case_extend_decision_period(
        case=case,
        approver=approver,
        days=days,
        reason=reason,
        discussion=discussion,
    )
    case_deadlines_refresh(case=case)
    return extension


@transaction.atomic
def case_approve_payment_arrangement(*, case: Case, approver: User, **kwargs):
    arrangement = services.case_approve_payment_arrangement(
        case=case, approver=approver, **kwargs
    )
    case_deadlines_refresh(case=case)
    return arrangement


@transaction.atomic
def case_issue_rectification_order(
    *, case: Case, actor: User, facts: str, rectification: str, deadline
):
    """责令改正通知书 (行政处罚法 Art. 28) for a case under investigation: its number
    and the audit row commit together; the paper is rendered after commit."""
    from enforcement.services.case_steps import check_investigator, event

    case = papers.case_for_paper(case.pk)
    check_investigator(case, actor, _("责令改正"))
    with document_language():  # the paper's own sentences and labels
        document = papers.issue_rectification_order(
            case=case,
            facts=facts,
            rectification=rectification,
            deadline=deadline,
            actor=actor,
        )
    event(
        case,
        "rectification_order",
        actor=actor,
        from_state=case.state,
        note=f"{document.number}：{rectification}",
    )
    return document


def licence_cancellations_start(*, case_pk: int, licence_pks: list[int], actor_pk):
    """Start the cancellation (注销) of licences a decision revoked, after the decision
    committed. A failure is recorded on the case instead of undoing the decision; the
    case page offers to start it again."""
    import logging

    from licensing.grounds import CancellationGround
    from licensing.models import Licence

    from ..licence_withdrawal.starting import cancellations_start

    case = Case.objects.get(pk=case_pk)
    actor = User.objects.get(pk=actor_pk)
    licences = list(
        Licence.objects.select_related("issuing_authority", "holder").filter(
            pk__in=licence_pks
        )
    )
    reason = str(
        _("许可证件依法被吊销（%(number)s）。") % {"number": case.decision_number}
    )
    try:
        result = cancellations_start(
            licences=licences,
            ground=CancellationGround.REVOKED_OR_WITHDRAWN,
            reason=reason,
            actor=actor,
        )
    except Exception as exc:  # the decision stands; the cancellation is retried
        logging.getLogger(__name__).exception("cancellation start failed")
        with transaction.atomic():
            CaseEvent.objects.create(
                case=case,
                action="licence_cancellation_failed",
                from_state=case.state,
                to_state=case.state,
                actor=actor,
                note=str(exc),
            )
        return None
    with transaction.atomic():
        CaseEvent.objects.create(
            case=case,
            action="licence_cancellation_started",
            from_state=case.state,
            to_state=case.state,
            actor=actor,
            note="；".join(
                f"{row.licence.number}：{row.message}" for row in result.rows
            ),
        )
    return result


@transaction.atomic
def case_process_start(*, case: Case) -> Process:
    """Start the ordinary procedure for a lead registered by another procedure."""
    flow_class, _summary = _flows()
    return flow_class.start_registered.run(case=case)


# How an online listing's problem reads as a suspected violation, by the lead's sector.
_LISTING_VIOLATION_TYPES = {
    ("no_licence_display", None): "online-no-licence-display",
    ("false_qualification", "medical_devices"): "md-false-qualification",
    ("false_advertising", "cosmetics"): "cos-false-claims",
    ("false_advertising", "health_food"): "hf-false-claims",
    ("illegal_product", "cosmetics"): "cos-unregistered",
    ("illegal_product", "health_food"): "hf-unregistered",
    ("illegal_product", "medical_devices"): "md-unregistered",
    ("unlicensed", "cosmetics"): "cos-unregistered",
    ("unlicensed", "medical_devices"): "md-online-unfiled",
    ("unlicensed", "health_food"): "hf-unregistered",
}


def _listing_violation_type(lead):
    from enforcement.models import ViolationType

    if lead.escalated_against == "platform":
        code = "online-platform-duty"
    else:
        sector = lead.campaign.sector if lead.campaign_id else None
        code = _LISTING_VIOLATION_TYPES.get(
            (lead.problem, sector)
        ) or _LISTING_VIOLATION_TYPES.get((lead.problem, None))
    found = ViolationType.objects.filter(code=code, is_active=True).first()
    return (
        found
        or ViolationType.objects.filter(sector="online_trade", is_active=True)
        .order_by("code")
        .first()
    )


@transaction.atomic
def case_open_from_listing_lead(*, lead) -> Case:
    """转立案查处: an online-listing lead becomes a penalty-case lead against the seller
    or the platform, with what the monitoring captured, and its procedure starts at
    verification (the preliminary violation type is the officer's to correct)."""
    party = lead.platform if lead.escalated_against == "platform" else lead.seller
    violation_type = _listing_violation_type(lead)
    captures = [
        f"{c.original_name}（SHA-256 {c.sha256[:16]}…，"
        f"{timezone.localtime(c.captured_at):%Y-%m-%d %H:%M}取证）"
        for c in lead.captures.order_by("captured_at", "id")
    ]
    clue = (
        f"{lead.platform_name}平台店铺“{lead.shop_name}”商品“{lead.product_name}”"
        f"（{lead.listing_url}）：{lead.suspected_violation}"
    )
    if captures:
        clue += "\n电子证据：" + "；".join(captures)
    case = services.case_register(
        party=party,
        source=lead.source,
        source_reference=f"网络监测线索 #{lead.pk}",
        received_on=timezone.localdate(),
        clue=clue,
        title=f"{party.name}涉嫌{violation_type.name}案",
        violation_type=violation_type,
        campaign=lead.campaign,
        actor=lead.registered_by,
    )
    case_process_start(case=case)
    return case
