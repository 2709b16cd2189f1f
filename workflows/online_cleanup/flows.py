"""Online listing cleanup: identify the seller (or refer it out), notify the platform,
verify the takedown, then close or escalate to a penalty case. A missed platform
deadline raises a follow-up task."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import act, flow, lock

from deadlines.calendar import add_working_days
from online_cleanup import services

from ..deadlines import task_deadline_set
from ..papers import PaperStep, paper_request, paper_step_register
from . import escalation, papers, views
from .models import ListingCleanupProcess


def _lead(activation):
    record = activation.process.artifact
    record.refresh_from_db()
    return record


class ListingCleanupFlow(flow.Flow):
    process_class = ListingCleanupProcess
    process_title = _("网络违法商品信息清理")
    process_description = _("核查经营主体，通知平台处置，核实下架，办结或转立案查处。")
    process_summary_template = "{{ process.artifact.platform_name }} · {{ process.artifact.shop_name }} · {{ process.artifact.get_state_display }}"
    lock_impl = lock.select_for_update_lock

    start = (
        flow.StartHandle(this.start_process)
        .Annotation(title=_("登记线索"))
        .Next(this.identify)
    )
    identify = (
        flow.View(views.IdentifyView.as_view())
        .Annotation(title=_("核查经营主体及管辖"))
        .Permission("online_cleanup.handle_listing_lead")
        .onCreate(this.identify_deadline)
        .Next(this.route)
    )
    route = (
        flow.If(act.process.is_local)
        .Annotation(title=_("本地经营？"))
        .Then(this.notify_platform)
        .Else(this.request_transfer_letter)
    )
    request_transfer_letter = (
        flow.Function(this.request_transfer_paper)
        .Annotation(title=_("制发案件移送函"))
        .Next(this.transfer_letter_issued)
    )
    transfer_letter_issued = (
        flow.Handle(this.record_transfer_letter)
        .Annotation(title=_("移送函编号登记"))
        .Next(this.end_referred)
    )
    notify_platform = (
        flow.View(views.NotifyPlatformView.as_view())
        .Annotation(title=_("通知平台处置"))
        .Assign(this.identify.owner)
        .Permission("online_cleanup.handle_listing_lead")
        .onCreate(this.notify_deadline)
        .Next(this.request_notice)
    )
    request_notice = (
        flow.Function(this.request_notice_paper)
        .Annotation(title=_("制发平台处置通知书"))
        .Next(this.notice_issued)
    )
    notice_issued = (
        flow.Handle(this.record_notice)
        .Annotation(title=_("通知书编号登记"))
        .Next(this.verify)
    )
    verify = (
        flow.View(views.VerifyView.as_view())
        .Annotation(title=_("核实下架"))
        .Assign(this.identify.owner)
        .Permission("online_cleanup.handle_listing_lead")
        .onCreate(this.verify_deadline)
        .OnTimeout(
            this.platform_deadline_end,
            this.platform_follow_up,
            interrupting=False,
            title=_("平台逾期"),
        )
        .Next(this.after_verify)
    )
    platform_follow_up = (
        flow.View(views.PlatformFollowUpView.as_view())
        .Annotation(title=_("跟进平台逾期未处置"))
        .Assign(this.identify.owner)
        .Permission("online_cleanup.handle_listing_lead")
        .onCreate(this.follow_up_deadline)
        .Next(this.follow_up_done)
    )
    after_verify = (
        flow.If(act.process.is_escalated)
        .Annotation(title=_("转立案？"))
        .Then(this.open_case)
        .Else(this.close)
    )
    close = flow.Function(this.close_lead).Annotation(title=_("办结")).Next(this.end)
    open_case = (
        flow.Function(this.open_penalty_case)
        .Annotation(title=_("转立案查处"))
        .Next(this.end_escalated)
    )
    end = flow.End().Annotation(title=_("办结"))
    end_referred = flow.End().Annotation(title=_("已移送管辖机关"))
    end_escalated = flow.End().Annotation(title=_("已转立案查处"))
    follow_up_done = flow.End().Annotation(title=_("跟进完毕"))

    def start_process(self, activation, lead):
        activation.process.artifact = lead
        activation.process.data = {"initiator_id": lead.registered_by_id}
        return activation.process

    def identify_deadline(self, activation):
        # 投诉举报处理办法: verification within 15 working days of registration.
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(timezone.localdate(), 15),
            basis=_("核查：15个工作日"),
        )

    def notify_deadline(self, activation):
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(timezone.localdate(), 3),
            basis=_("通知平台：3个工作日"),
        )

    def verify_deadline(self, activation):
        lead = _lead(activation)
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(lead.platform_deadline, 3),
            basis=_("平台处置期限届满后3个工作日内核实"),
        )

    def follow_up_deadline(self, activation):
        task_deadline_set(
            task=activation.task,
            deadline=add_working_days(timezone.localdate(), 2),
            basis=_("平台逾期：2个工作日内跟进"),
        )

    def platform_deadline_end(self, activation) -> datetime.datetime:
        lead = _lead(activation)
        return timezone.make_aware(
            datetime.datetime.combine(
                lead.platform_deadline + datetime.timedelta(days=1), datetime.time.min
            )
        )

    def request_transfer_paper(self, activation):
        paper_request(TRANSFER_LETTER_STEP, activation.process.pk)

    def record_transfer_letter(self, activation, document):
        services.listing_lead_record_referral_letter(
            lead=_lead(activation), number=document.number
        )

    def request_notice_paper(self, activation):
        paper_request(PLATFORM_NOTICE_STEP, activation.process.pk)

    def record_notice(self, activation, document):
        services.listing_lead_record_notice(
            lead=_lead(activation), number=document.number
        )

    def close_lead(self, activation):
        services.listing_lead_close(lead=_lead(activation))

    def open_penalty_case(self, activation):
        escalation.penalty_case_open_for_lead(lead=_lead(activation))


PLATFORM_NOTICE_STEP = paper_step_register(
    PaperStep(
        ListingCleanupFlow,
        "notice_issued",
        papers.PLATFORM_NOTICE,
        lambda lead: papers.issue_platform_notice(lead=lead),
    )
)
TRANSFER_LETTER_STEP = paper_step_register(
    PaperStep(
        ListingCleanupFlow,
        "transfer_letter_issued",
        papers.TRANSFER_LETTER,
        lambda lead: papers.issue_transfer_letter(lead=lead),
    )
)
