"""Licence withdrawal flows: revocation (撤销), cancellation (注销) and the referral of
province-issued licences to the provincial bureau (上报省局注销).

The flows orchestrate people and time; every change to a record goes through
`licensing.services`, and every official paper through `documents` (see `papers`).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import act, flow, lock

from deadlines.calendar import add_working_days
from licensing import services
from licensing.models import WithdrawalPolicy

from ..deadlines import task_deadline_set
from ..nodes import FourEyesView
from ..papers import PaperStep, paper_request, paper_step_register
from . import papers, views
from .models import (
    LicenceCancellationProcess,
    LicenceRevocationProcess,
    ProvinceReferralProcess,
)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """A period ending on `day` lapses when that day is over."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def _record(activation):
    """The process's record as the database has it now: services change their own
    locked copy, so the one cached on the process may be stale."""
    record = activation.process.artifact
    record.refresh_from_db()
    return record


def _initiator(activation):
    return activation.process.artifact.initiated_by


def _review_deadline(activation, basis):
    days = WithdrawalPolicy.current().review_working_days
    task_deadline_set(
        task=activation.task,
        deadline=add_working_days(timezone.localdate(), days),
        basis=basis,
        params={"days": days},
    )


class LicenceRevocationFlow(flow.Flow):
    """撤销行政许可 (行政许可法 Art. 69): notice and statement, legal review, head approval,
    decision, service, then the licence is revoked and its cancellation follows."""

    process_class = LicenceRevocationProcess
    process_title = _("撤销行政许可")
    process_description = _("依据行政许可法第六十九条撤销许可证，撤销后依法注销。")
    process_summary_template = "{{ process.artifact.licence }} · {{ process.artifact.licence.holder }} · {{ process.artifact.get_state_display }}"
    lock_impl = lock.select_for_update_lock

    start = (
        flow.Start(views.RevocationStartView.as_view())
        .Annotation(title=_("发起撤销"))
        .Permission("licensing.revoke_licence")
        .Next(this.issue_notice)
    )
    issue_notice = (
        flow.Function(this.request_notice_paper)
        .Annotation(title=_("制作撤销告知书"))
        .Next(this.notice_paper_issued)
    )
    notice_paper_issued = (
        flow.Handle(this.record_notice)
        .Annotation(title=_("告知书编号登记"))
        .Next(this.serve_notice)
    )
    serve_notice = (
        flow.View(views.RevocationServeNoticeView.as_view())
        .Annotation(title=_("送达撤销告知"))
        .Assign(_initiator)
        .Permission("licensing.revoke_licence")
        .onCreate(this.notice_deadline)
        .Next(this.record_statement)
    )
    record_statement = (
        flow.View(views.RevocationStatementView.as_view())
        .Annotation(title=_("登记陈述申辩"))
        .Assign(_initiator)
        .Permission("licensing.revoke_licence")
        .onCreate(this.statement_deadline)
        .OnTimeout(
            this.statement_window_end,
            this.close_statement_window,
            title=_("陈述申辩期届满"),
        )
        .Next(this.legal_review)
    )
    close_statement_window = (
        flow.Function(this.lapse_statement_window)
        .Annotation(title=_("期满未陈述申辩"))
        .Next(this.legal_review)
    )
    legal_review = (
        FourEyesView(views.RevocationReviewView.as_view())
        .Annotation(title=_("法制审核"))
        .Permission("licensing.review_withdrawal")
        .onCreate(this.review_deadline)
        .Next(this.after_review)
    )
    after_review = (
        flow.If(act.process.is_awaiting_approval)
        .Annotation(title=_("审核通过？"))
        .Then(this.approval)
        .Else(this.revise)
    )
    revise = (
        flow.View(views.RevocationReviseView.as_view())
        .Annotation(title=_("补正后重新提交"))
        .Assign(_initiator)
        .Permission("licensing.revoke_licence")
        .onCreate(this.revise_deadline)
        .Next(this.legal_review)
    )
    approval = (
        FourEyesView(views.RevocationApprovalView.as_view())
        .Annotation(title=_("局负责人审批"))
        .Permission("licensing.approve_withdrawal")
        .onCreate(this.approval_deadline)
        .Next(this.after_approval)
    )
    after_approval = (
        flow.If(act.process.is_approved)
        .Annotation(title=_("批准？"))
        .Then(this.issue_decision)
        .Else(this.revise)
    )
    issue_decision = (
        flow.Function(this.request_decision_paper)
        .Annotation(title=_("制作撤销行政许可决定书"))
        .Next(this.decision_paper_issued)
    )
    decision_paper_issued = (
        flow.Handle(this.record_decision)
        .Annotation(title=_("决定书编号登记"))
        .Next(this.serve_decision)
    )
    serve_decision = (
        flow.View(views.RevocationServeDecisionView.as_view())
        .Annotation(title=_("送达决定书"))
        .Assign(_initiator)
        .Permission("licensing.revoke_licence")
        .onCreate(this.service_deadline)
        .Next(this.start_cancellation)
    )
    start_cancellation = (
        flow.Function(this.start_follow_up_cancellation)
        .Annotation(title=_("启动注销"))
        .Next(this.publicity)
    )
    publicity = (
        flow.View(views.RevocationPublicityView.as_view())
        .Annotation(title=_("公示撤销决定"))
        .Assign(_initiator)
        .Permission("licensing.revoke_licence")
        .onCreate(this.publicity_deadline)
        .Next(this.end)
    )
    end = flow.End().Annotation(title=_("办结"))

    def statement_window_end(self, activation) -> datetime.datetime:
        return _end_of_day(_record(activation).statement_due)

    def statement_deadline(self, activation):
        revocation = _record(activation)
        days = WithdrawalPolicy.current().statement_working_days
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(revocation.notice_served_on, days),
            basis=_("陈述申辩期：告知送达之日起%(days)d个工作日"),
            params={"days": days},
        )

    def notice_deadline(self, activation):
        _review_deadline(activation, _("送达撤销告知：%(days)d个工作日"))

    def revise_deadline(self, activation):
        _review_deadline(activation, _("补正：%(days)d个工作日"))

    def service_deadline(self, activation):
        revocation = _record(activation)
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(revocation.decided_on, 7),
            basis=_("送达决定书：决定作出之日起7个工作日"),
        )

    def review_deadline(self, activation):
        _review_deadline(activation, _("法制审核：%(days)d个工作日"))

    def approval_deadline(self, activation):
        _review_deadline(activation, _("局负责人审批：%(days)d个工作日"))

    def publicity_deadline(self, activation):
        revocation = _record(activation)
        days = WithdrawalPolicy.current().publicity_working_days
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(revocation.decided_on, days),
            basis=_("双公示：决定作出之日起%(days)d个工作日"),
            params={"days": days},
        )

    def lapse_statement_window(self, activation):
        services.revocation_close_statement_window(
            revocation=activation.process.artifact_object_id
        )

    def request_notice_paper(self, activation):
        paper_request(REVOCATION_NOTICE_STEP, activation.process.pk)

    def record_notice(self, activation, document):
        revocation = activation.process.artifact
        services.revocation_record_notice(
            revocation=revocation,
            number=document.number,
            issued_on=timezone.localtime(document.issued_at).date(),
            actor=revocation.initiated_by,
        )

    def request_decision_paper(self, activation):
        paper_request(REVOCATION_DECISION_STEP, activation.process.pk)

    def record_decision(self, activation, document):
        revocation = activation.process.artifact
        services.revocation_record_decision(
            revocation=revocation,
            number=document.number,
            decided_on=timezone.localtime(document.issued_at).date(),
            actor=revocation.approved_by,
        )

    def start_follow_up_cancellation(self, activation):
        revocation = _record(activation)
        cancellation = revocation.cancellations.order_by("-pk").first()
        from .starting import cancellation_processes_start

        cancellation_processes_start(
            cancellations=[cancellation], actor=revocation.initiated_by
        )


class LicenceCancellationFlow(flow.Flow):
    """注销行政许可 (行政许可法 Art. 70): this bureau cancels the licences it issued and
    publishes; province-issued licences wait for the province's decision."""

    process_class = LicenceCancellationProcess
    process_title = _("注销行政许可")
    process_description = _(
        "依据行政许可法第七十条办理注销；省局核发的许可证上报省局注销。"
    )
    process_summary_template = "{{ process.artifact.licence }} · {{ process.artifact.licence.holder }} · {{ process.artifact.get_state_display }}"
    lock_impl = lock.select_for_update_lock

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("启动注销"))
        .Next(this.route)
    )
    route = (
        flow.If(act.process.is_local)
        .Annotation(title=_("本局核发？"))
        .Then(this.issue_notice)
        .Else(this.await_province)
    )
    issue_notice = (
        flow.Function(this.request_notice_paper)
        .Annotation(title=_("制发注销通知书"))
        .Next(this.notice_paper_issued)
    )
    notice_paper_issued = (
        flow.Handle(this.cancel_locally)
        .Annotation(title=_("注销许可证"))
        .Next(this.publicity)
    )
    publicity = (
        flow.View(views.CancellationPublicityView.as_view())
        .Annotation(title=_("公示注销"))
        .Assign(_initiator)
        .Permission("licensing.cancel_licence")
        .onCreate(this.publicity_deadline)
        .Next(this.end)
    )
    await_province = (
        flow.Handle(this.province_answered)
        .Annotation(title=_("等待省局决定"))
        .Next(this.end_referred)
    )
    end = flow.End().Annotation(title=_("注销办结"))
    end_referred = flow.End().Annotation(title=_("省局决定后办结"))

    def start_process(self, activation, cancellation):
        activation.process.artifact = cancellation
        activation.process.data = {"initiator_id": cancellation.initiated_by_id}
        return activation.process

    def request_notice_paper(self, activation):
        paper_request(CANCELLATION_NOTICE_STEP, activation.process.pk)

    def cancel_locally(self, activation, document):
        cancellation = activation.process.artifact
        services.cancellation_cancel_locally(
            cancellation=cancellation,
            notice_number=document.number,
            cancelled_on=timezone.localtime(document.issued_at).date(),
            actor=cancellation.initiated_by,
        )

    def publicity_deadline(self, activation):
        cancellation = _record(activation)
        days = WithdrawalPolicy.current().publicity_working_days
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(cancellation.cancelled_on, days),
            basis=_("双公示：注销之日起%(days)d个工作日"),
            params={"days": days},
        )

    def province_answered(self, activation):
        """Run by `starting.province_decision_record` after the decision is recorded."""


class ProvinceReferralFlow(flow.Flow):
    """上报省局注销: one letter lists many licences; the province answers each. A follow-up
    task appears when no full answer came within the policy's working days."""

    process_class = ProvinceReferralProcess
    process_title = _("上报省局注销")
    process_description = _("将省局核发的许可证列明上报省局注销，逐证登记省局决定。")
    process_summary_template = (
        "{{ process.artifact }} · {{ process.artifact.get_state_display }}"
    )
    lock_impl = lock.select_for_update_lock

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("启动上报"))
        .Next(this.issue_letter)
    )
    issue_letter = (
        flow.Function(this.request_letter_paper)
        .Annotation(title=_("制发上报省局注销函"))
        .Next(this.letter_paper_issued)
    )
    letter_paper_issued = (
        flow.Handle(this.record_letter)
        .Annotation(title=_("函件编号登记"))
        .Next(this.send_letter)
    )
    send_letter = (
        flow.View(views.ReferralSendView.as_view())
        .Annotation(title=_("报送省局"))
        .Assign(_initiator)
        .Permission("licensing.cancel_licence")
        .onCreate(this.send_deadline)
        .Next(this.await_replies)
    )
    await_replies = (
        flow.Handle(this.all_answered)
        .Annotation(title=_("等待省局逐证答复"))
        .OnTimeout(
            this.reply_due_end, this.follow_up, interrupting=False, title=_("答复逾期")
        )
        .Next(this.end)
    )
    follow_up = (
        flow.View(views.ReferralFollowUpView.as_view())
        .Annotation(title=_("催办省局答复"))
        .Assign(_initiator)
        .Permission("licensing.record_province_decision")
        .onCreate(this.follow_up_deadline)
        .Next(this.follow_up_done)
    )
    end = flow.End().Annotation(title=_("省局全部答复"))
    follow_up_done = flow.End().Annotation(title=_("催办完毕"))

    def start_process(self, activation, referral):
        activation.process.artifact = referral
        activation.process.data = {"initiator_id": referral.initiated_by_id}
        return activation.process

    def request_letter_paper(self, activation):
        paper_request(REFERRAL_LETTER_STEP, activation.process.pk)

    def record_letter(self, activation, document):
        referral = activation.process.artifact
        services.referral_record_issue(
            referral=referral,
            number=document.number,
            issued_on=timezone.localtime(document.issued_at).date(),
            actor=referral.initiated_by,
        )

    def reply_due_end(self, activation) -> datetime.datetime:
        return _end_of_day(_record(activation).reply_due)

    def send_deadline(self, activation):
        _review_deadline(activation, _("报送省局：%(days)d个工作日"))

    def follow_up_deadline(self, activation):
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(timezone.localdate(), 3),
            basis=_("省局逾期未答复，3个工作日内催办"),
        )

    def all_answered(self, activation):
        """Run by `starting.province_decision_record` once every licence has its answer."""


REVOCATION_NOTICE_STEP = paper_step_register(
    PaperStep(
        LicenceRevocationFlow,
        "notice_paper_issued",
        papers.REVOCATION_NOTICE,
        lambda revocation: papers.issue_revocation_notice(revocation=revocation),
    )
)
REVOCATION_DECISION_STEP = paper_step_register(
    PaperStep(
        LicenceRevocationFlow,
        "decision_paper_issued",
        papers.REVOCATION_DECISION,
        lambda revocation: papers.issue_revocation_decision(revocation=revocation),
    )
)
CANCELLATION_NOTICE_STEP = paper_step_register(
    PaperStep(
        LicenceCancellationFlow,
        "notice_paper_issued",
        papers.CANCELLATION_NOTICE,
        lambda cancellation: papers.issue_cancellation_notice(
            cancellation=cancellation
        ),
    )
)
REFERRAL_LETTER_STEP = paper_step_register(
    PaperStep(
        ProvinceReferralFlow,
        "letter_paper_issued",
        papers.REFERRAL_LETTER,
        lambda referral: papers.issue_referral_letter(referral=referral),
    )
)
