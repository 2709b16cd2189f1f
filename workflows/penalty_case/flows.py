"""Administrative penalty flows: the ordinary procedure from lead to closure, and the
summary procedure (当场处罚) filed afterwards.

The flows orchestrate people and time. Every change to a case goes through
`enforcement.services`, whose gates refuse what the procedure forbids; every official
paper goes through `documents` (see `papers`). Each human task gets its deadline from
`deadlines.calendar` when it is created (`deadline_for`), and `workflow_timers` fires the
statement window and escalates overdue tasks.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import act, flow, lock

from enforcement import services
from enforcement.models import Case, CaseState, Hearing

from ..deadlines import task_deadline_set
from . import papers, views
from .models import PenaltyCaseProcess, SummaryPenaltyProcess
from .nodes import NotInvestigatorView, Paper
from .starting import licence_cancellations_start
from .task_deadlines import deadline_for


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """A period ending on `day` lapses when that day is over."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def _case(activation) -> Case:
    """The case as the services left it (the process caches a stale artifact)."""
    return Case.objects.select_related(
        "party", "registered_by", "suspected_violation_type", "discretion_benchmark"
    ).get(pk=activation.process.artifact_object_id)


def _registrar(activation):
    return _case(activation).registered_by


def _lead_investigator(activation):
    link = (
        _case(activation)
        .investigator_links.select_related("user")
        .order_by("-is_lead", "id")
        .first()
    )
    return link.user if link else None


def _hearing_host(activation):
    case = _case(activation)
    hearing = Hearing.objects.select_related("host").get(case=case, round=case.round)
    return hearing.host


def _set_deadline(activation):
    """onCreate of every human task: the period that governs it, if any."""
    found = deadline_for(activation.task.flow_task.name, _case(activation))
    if found is not None:
        task_deadline_set(
            task=activation.task,
            deadline=found.deadline,
            basis=found.basis,
            paused=found.paused,
        )


class PenaltyCaseFlow(flow.Flow):
    """行政处罚普通程序: 线索 → 核查 → 立案 → 调查 → 审核 → 法制审核 → 告知 → 陈述申辩／
    听证 → 复核 → 决定（集体讨论） → 送达 → 公示、执行 → 结案."""

    process_class = PenaltyCaseProcess
    process_title = _("行政处罚案件")
    process_description = _(
        "普通程序：从线索登记、核查、立案、调查、审核、告知、听证到决定、送达、执行和结案。"
    )
    process_summary_template = (
        "{{ process.artifact.title }} · {{ process.artifact.get_state_display }}"
    )
    lock_impl = lock.select_for_update_lock

    start = (
        flow.Start(views.LeadRegisterView.as_view())
        .Annotation(title=_("登记案件线索"))
        .Permission("enforcement.register_lead")
        .Next(this.issue_registration)
    )
    start_registered = (
        flow.StartHandle(this.start_for_case)
        .Annotation(title=_("由其他程序转来的案件线索"))
        .Next(this.issue_registration)
    )
    issue_registration = (
        Paper(papers.issue_registration_form, this.record_registration)
        .Annotation(title=_("制作案件来源登记表"))
        .Next(this.verify)
    )
    verify = (
        flow.View(views.VerifyView.as_view())
        .Annotation(title=_("核查并提出立案意见"))
        .Assign(_registrar)
        .Permission("enforcement.register_lead")
        .onCreate(_set_deadline)
        .Next(this.filing_approval)
    )
    filing_approval = (
        NotInvestigatorView(views.FilingApprovalView.as_view())
        .Annotation(title=_("立案审批"))
        .Permission("enforcement.approve_filing")
        .onCreate(_set_deadline)
        .Next(this.after_filing)
    )
    after_filing = (
        flow.Switch()
        .Annotation(title=_("立案？"))
        .Case(this.issue_filing, act.process.is_filed)
        .Case(this.issue_non_filing, act.process.is_not_filed)
        .Default(this.verify)
    )
    issue_filing = (
        Paper(papers.issue_filing_form, this.record_filing)
        .Annotation(title=_("制作立案审批表"))
        .Next(this.investigate)
    )
    issue_non_filing = (
        Paper(papers.issue_non_filing_form, this.record_filing)
        .Annotation(title=_("制作不予立案审批表"))
        .Next(this.end_not_filed)
    )
    investigate = (
        flow.View(views.InvestigateView.as_view())
        .Annotation(title=_("调查取证"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.after_investigation)
    )
    after_investigation = (
        flow.If(act.process.is_termination_proposed)
        .Annotation(title=_("提请终止调查？"))
        .Then(this.termination_approval)
        .Else(this.case_review)
    )
    termination_approval = (
        NotInvestigatorView(views.TerminationApprovalView.as_view())
        .Annotation(title=_("审批终止调查"))
        .Permission("enforcement.approve_suspension")
        .onCreate(_set_deadline)
        .Next(this.after_termination)
    )
    after_termination = (
        flow.If(act.process.is_terminated)
        .Annotation(title=_("批准终止？"))
        .Then(this.propose_closure)
        .Else(this.investigate)
    )
    case_review = (
        NotInvestigatorView(views.CaseReviewView.as_view())
        .Annotation(title=_("案件审核"))
        .Permission("enforcement.review_case")
        .onCreate(_set_deadline)
        .Next(this.after_case_review)
    )
    after_case_review = (
        flow.Switch()
        .Annotation(title=_("法制审核？告知？"))
        .Case(this.legality_review, act.process.needs_legality_review)
        .Case(this.issue_notice, act.process.needs_notice)
        .Default(this.route_decision)
    )
    legality_review = (
        NotInvestigatorView(views.LegalityReviewView.as_view())
        .Annotation(title=_("法制审核"))
        .Permission("enforcement.review_legality")
        .onCreate(_set_deadline)
        .Next(this.after_legality_review)
    )
    after_legality_review = (
        flow.If(act.process.needs_notice)
        .Annotation(title=_("尚未告知？"))
        .Then(this.issue_notice)
        .Else(this.route_decision)
    )
    issue_notice = (
        Paper(papers.issue_penalty_notice, this.record_notice)
        .Annotation(title=_("制作行政处罚告知书"))
        .Next(this.serve_notice)
    )
    serve_notice = (
        flow.View(views.ServeNoticeView.as_view())
        .Annotation(title=_("送达告知书"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.issue_notice_receipt)
    )
    issue_notice_receipt = (
        Paper(papers.issue_notice_receipt, this.record_receipt)
        .Annotation(title=_("制作送达回证（告知书）"))
        .Next(this.statement)
    )
    statement = (
        flow.View(views.StatementView.as_view())
        .Annotation(title=_("陈述申辩、听证要求"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .OnTimeout(
            this.statement_window_end,
            this.lapse_statement,
            title=_("陈述申辩期届满"),
        )
        .Next(this.after_statement)
    )
    lapse_statement = (
        flow.Function(this.lapse_statement_window)
        .Annotation(title=_("期满未陈述申辩"))
        .Next(this.route_decision)
    )
    after_statement = (
        flow.Switch()
        .Annotation(title=_("听证？复核？"))
        .Case(this.arrange_hearing, act.process.is_in_hearing)
        .Case(this.re_examination, act.process.needs_re_examination)
        .Default(this.route_decision)
    )
    arrange_hearing = (
        NotInvestigatorView(views.ArrangeHearingView.as_view())
        .Annotation(title=_("组织听证"))
        .Permission("enforcement.arrange_hearing")
        .onCreate(_set_deadline)
        .Next(this.issue_hearing_notice)
    )
    issue_hearing_notice = (
        Paper(papers.issue_hearing_notice, this.record_hearing_notice)
        .Annotation(title=_("制作听证通知书"))
        .Next(this.hold_hearing)
    )
    hold_hearing = (
        NotInvestigatorView(views.HoldHearingView.as_view())
        .Annotation(title=_("举行听证"))
        .Assign(_hearing_host)
        .Permission("enforcement.host_hearing")
        .onCreate(_set_deadline)
        .Next(this.re_examination)
    )
    re_examination = (
        flow.View(views.ReExaminationView.as_view())
        .Annotation(title=_("复核"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.after_re_examination)
    )
    after_re_examination = (
        flow.If(act.process.needs_legality_review)
        .Annotation(title=_("听证后法制审核？"))
        .Then(this.legality_review)
        .Else(this.route_decision)
    )
    route_decision = (
        flow.If(act.process.needs_collective_discussion)
        .Annotation(title=_("集体讨论？"))
        .Then(this.collective_discussion)
        .Else(this.decide)
    )
    decide = (
        NotInvestigatorView(views.DecideView.as_view())
        .Annotation(title=_("负责人决定"))
        .Permission("enforcement.decide_case")
        .onCreate(_set_deadline)
        .Next(this.after_decision)
    )
    collective_discussion = (
        NotInvestigatorView(views.CollectiveDecisionView.as_view())
        .Annotation(title=_("集体讨论决定"))
        .Permission("enforcement.decide_case")
        .onCreate(_set_deadline)
        .Next(this.after_decision)
    )
    after_decision = (
        flow.If(act.process.is_referral)
        .Annotation(title=_("移送？"))
        .Then(this.record_referral)
        .Else(this.issue_decision)
    )
    issue_decision = (
        Paper(papers.issue_decision, this.record_decision)
        .Annotation(title=_("制作决定书，登记违法记录"))
        .Next(this.serve_decision)
    )
    record_referral = (
        flow.View(views.RecordReferralView.as_view())
        .Annotation(title=_("移送案件"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .Next(this.propose_closure)
    )
    serve_decision = (
        flow.View(views.ServeDecisionView.as_view())
        .Annotation(title=_("送达决定书"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.issue_decision_receipt)
    )
    issue_decision_receipt = (
        Paper(papers.issue_decision_receipt, this.record_receipt)
        .Annotation(title=_("制作送达回证（决定书）"))
        .Next(this.after_service)
    )
    after_service = (
        flow.Split()
        .Annotation(title=_("公示、执行"))
        .Next(this.publicity, case=act.process.needs_publicity)
        .Next(this.execution, case=act.process.needs_execution)
        .Always(this.outcome_join)
    )
    publicity = (
        flow.View(views.PublicityView.as_view())
        .Annotation(title=_("信用公示"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.outcome_join)
    )
    execution = (
        flow.View(views.ExecutionView.as_view())
        .Annotation(title=_("执行"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.outcome_join)
    )
    outcome_join = (
        flow.Join().Annotation(title=_("公示、执行完毕")).Next(this.propose_closure)
    )
    propose_closure = (
        flow.View(views.ProposeClosureView.as_view())
        .Annotation(title=_("结案报告"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .Next(this.approve_closure)
    )
    approve_closure = (
        NotInvestigatorView(views.ApproveClosureView.as_view())
        .Annotation(title=_("结案审批"))
        .Permission("enforcement.approve_closure")
        .Next(this.issue_closure)
    )
    issue_closure = (
        Paper(papers.issue_closure_form, this.record_closure)
        .Annotation(title=_("制作结案审批表"))
        .Next(this.end)
    )
    end = flow.End().Annotation(title=_("结案"))
    end_not_filed = flow.End().Annotation(title=_("不予立案"))

    def start_for_case(self, activation, case):
        """A lead registered by another procedure (an online-listing escalation)."""
        activation.process.artifact = case
        activation.process.data = {
            "initiator_id": case.registered_by_id,
            "investigator_ids": [],
        }
        return activation.process

    # --- Papers: each is issued after commit, then recorded here ------------------

    def record_registration(self, activation, document):
        services.case_record_registration_number(
            case=activation.process.artifact_object_id, number=document.number
        )

    def record_filing(self, activation, document):
        case = services.case_record_filing_number(
            case=activation.process.artifact_object_id, number=document.number
        )
        # Reviews and approvals are closed to the investigators (NotInvestigatorView).
        process = activation.process
        process.data = {
            **(process.data or {}),
            "investigator_ids": sorted(
                case.investigator_links.values_list("user_id", flat=True)
            ),
        }
        process.save(update_fields=["data"])

    def record_notice(self, activation, document):
        case = _case(activation)
        services.case_record_notice(
            case=case,
            number=document.number,
            issued_on=timezone.localdate(),
            actor=case.case_reviewed_by,
        )

    def record_receipt(self, activation, document):
        """送达回证 are kept with the case; nothing to record on it."""

    def record_hearing_notice(self, activation, document):
        services.case_record_hearing_notice(
            case=activation.process.artifact_object_id, number=document.number
        )

    def record_decision(self, activation, document):
        case = _case(activation)
        case, revoked = services.case_record_decision_document(
            case=case, number=document.number, actor=case.decided_by
        )
        if revoked:
            # 吊销 is followed by the cancellation formality (行政许可法 Art. 70(4)),
            # started once this commits: the withdrawal flows issue their own papers.
            case_pk, decider_pk = case.pk, case.decided_by_id
            licence_pks = [licence.pk for licence in revoked]
            transaction.on_commit(
                lambda: licence_cancellations_start(
                    case_pk=case_pk, licence_pks=licence_pks, actor_pk=decider_pk
                )
            )

    def record_closure(self, activation, document):
        services.case_record_closure_number(
            case=activation.process.artifact_object_id, number=document.number
        )

    # --- Time ------------------------------------------------------------------------

    def statement_window_end(self, activation) -> datetime.datetime:
        return _end_of_day(_case(activation).statement_due)

    def lapse_statement_window(self, activation):
        if _case(activation).state == CaseState.STATEMENT:
            services.case_lapse_statement(case=activation.process.artifact_object_id)


class SummaryPenaltyFlow(flow.Flow):
    """简易程序: the officer decides on the spot, the division head files it with the
    bureau, the fine is paid, the case closes. Not published (公示规定 Art. 2)."""

    process_class = SummaryPenaltyProcess
    process_title = _("简易程序（当场处罚）")
    process_description = _(
        "对公民二百元以下、对法人或者其他组织三千元以下罚款或者警告，当场作出决定，事后备案。"
    )
    process_summary_template = (
        "{{ process.artifact.title }} · {{ process.artifact.get_state_display }}"
    )
    lock_impl = lock.select_for_update_lock

    start = (
        flow.Start(views.SummaryDecisionView.as_view())
        .Annotation(title=_("当场作出行政处罚决定"))
        .Permission("enforcement.decide_on_the_spot")
        .Next(this.file_decision)
    )
    start_recorded = (
        flow.StartHandle(this.start_for_case)
        .Annotation(title=_("登记已作出的当场处罚决定"))
        .Next(this.file_decision)
    )
    file_decision = (
        NotInvestigatorView(views.SummaryFileView.as_view())
        .Annotation(title=_("决定备案"))
        .Permission("enforcement.file_summary_decision")
        .onCreate(_set_deadline)
        .Next(this.after_filing)
    )
    after_filing = (
        flow.If(act.process.needs_execution)
        .Annotation(title=_("待缴罚款？"))
        .Then(this.execution)
        .Else(this.close)
    )
    execution = (
        flow.View(views.ExecutionView.as_view())
        .Annotation(title=_("执行"))
        .Assign(_lead_investigator)
        .Permission("enforcement.investigate_case")
        .onCreate(_set_deadline)
        .Next(this.close)
    )
    close = flow.Function(this.close_case).Annotation(title=_("结案")).Next(this.end)
    end = flow.End().Annotation(title=_("结案"))

    def start_for_case(self, activation, case):
        activation.process.artifact = case
        activation.process.data = {
            "initiator_id": case.registered_by_id,
            "investigator_ids": sorted(
                case.investigator_links.values_list("user_id", flat=True)
            ),
        }
        return activation.process

    def close_case(self, activation):
        services.case_close_summary(case=activation.process.artifact_object_id)
