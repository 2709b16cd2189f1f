"""Online listings and offline clearances of the demo year's drug, device and cosmetics
campaigns: leads registered on the lead page and driven through the cleanup flow
(identify, notify the platform, verify, close or escalate), and clearances recorded on
the campaign page."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from campaigns.models import Campaign
from campaigns.services import offline_clearance_record
from enforcement.models import Case
from enterprises.models import Enterprise
from online_cleanup import services
from online_cleanup.models import ListingLead
from workflows.online_cleanup.flows import ListingCleanupFlow
from workflows.online_cleanup.starting import listing_lead_register_and_start

from ..driving import task_complete
from .cases import CasePlan, case_to_its_end
from .clock import Story, at
from .context import YearContext


def _process(lead: ListingLead):
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Process

    return Process.objects.get(
        flow_class=ListingCleanupFlow,
        artifact_content_type=ContentType.objects.get_for_model(lead),
        artifact_object_id=lead.pk,
    ).coerced


@dataclass
class LeadPlan:
    campaign: Campaign
    platform_name: str
    platform: Enterprise | None
    shop_name: str
    listing_url: str
    product_name: str
    problem: str
    suspected_violation: str
    found_on: datetime.date
    officer: str
    seller: Enterprise | None
    # "removed", "removed_escalate", "not_removed" (the platform fails; a case
    # against it follows) or "referred" (the seller operates elsewhere)
    outcome: str
    referred_to: str = ""
    case_plan: CasePlan | None = None  # how the escalated case goes


def _capture(plan: LeadPlan, moment: datetime.datetime) -> tuple[str, bytes]:
    """The monitoring capture, as the crawler saved it."""
    page = (
        f"<html><head><meta charset='utf-8'><title>{plan.product_name}</title></head>"
        f"<body><p>{plan.platform_name} · {plan.shop_name}</p>"
        f"<p>{plan.product_name}</p><p>{plan.listing_url}</p>"
        f"<p>采集时间 {moment:%Y-%m-%d %H:%M:%S}</p></body></html>"
    )
    return f"capture-{moment:%Y%m%d%H%M}.html", page.encode()


def listing_lead(ctx: YearContext, plan: LeadPlan) -> Story:
    yield ctx.office_hours(plan.found_on)
    officer = ctx.people[plan.officer]
    now = timezone.now()
    lead, _created = listing_lead_register_and_start(
        actor=officer,
        platform=plan.platform,
        source="campaign",
        campaign=plan.campaign,
        platform_name=plan.platform_name,
        shop_name=plan.shop_name,
        listing_url=plan.listing_url,
        product_name=plan.product_name,
        problem=plan.problem,
        suspected_violation=plan.suspected_violation,
        captured_at=now - datetime.timedelta(hours=2),
        evidence=[_capture(plan, now - datetime.timedelta(hours=2))],
    )
    process = _process(lead)
    yield ctx.later(1, 4)
    local = plan.outcome != "referred"
    task_complete(
        process,
        "identify",
        officer,
        lambda: services.listing_lead_identify(
            lead=lead,
            seller=plan.seller,
            local=local,
            authority=plan.referred_to,
            actor=officer,
        ),
    )
    if not local:
        return  # the transfer letter is issued after commit; the process ends
    yield ctx.later(1, 2)
    deadline = ctx.after_working_days(timezone.localdate(), 5)
    task_complete(
        process,
        "notify_platform",
        officer,
        lambda: services.listing_lead_notify_platform(
            lead=lead, measure="delist", deadline=deadline, actor=officer
        ),
    )
    if plan.outcome == "not_removed":
        # The platform lets the deadline pass: the timer raises the follow-up task.
        yield ctx.office_hours(ctx.after_working_days(deadline, 1))
        task_complete(
            process,
            "platform_follow_up",
            officer,
            lambda: services.listing_lead_record_platform_follow_up(
                lead=lead,
                note="电话催告平台经营者，平台称正在核实，逾期仍未下架。",
                actor=officer,
            ),
        )
        yield ctx.later(1, 3)
        note = "复查发现该商品信息仍在线，平台未采取必要处置措施。"
    else:
        yield ctx.later(1, 4)
        note = "复查确认该商品信息已下架，页面无法访问。"

    def verify():
        checked = services.listing_lead_verify(
            lead=lead,
            still_online=plan.outcome == "not_removed",
            note=note,
            actor=officer,
        )
        if plan.outcome != "removed":
            services.listing_lead_escalate(
                lead=checked,
                against="seller" if plan.outcome == "removed_escalate" else "platform",
                actor=officer,
            )

    task_complete(process, "verify", officer, verify)
    if plan.case_plan is not None:
        case = Case.objects.get(
            source_reference=f"网络监测线索 #{lead.pk}", party=plan.case_plan.party
        )
        yield from case_to_its_end(ctx, plan.case_plan, case)


@dataclass
class ClearancePlan:
    campaign: Campaign
    enterprise: Enterprise
    inspected_on: datetime.date
    products: int
    description: str
    officer: str


def offline_clearances(ctx: YearContext, plans: list[ClearancePlan]) -> Story:
    """One inspection after another, each recorded on the campaign page that day."""
    previous, minute = None, 0
    for plan in sorted(plans, key=lambda p: p.inspected_on):
        minute = minute + 10 if plan.inspected_on == previous else 0
        previous = plan.inspected_on
        yield at(plan.inspected_on, 15, 0) + datetime.timedelta(minutes=minute)
        offline_clearance_record(
            campaign=plan.campaign,
            enterprise=plan.enterprise,
            inspected_on=timezone.localdate(),
            products_removed=plan.products,
            description=plan.description,
            officer=ctx.people[plan.officer],
        )
