"""Which stories the year still needs, scheduled on the clock: each family tops its
figure up to the summary's target, so a complete year schedules nothing."""

import datetime

from licensing.models import Cancellation, Revocation
from online_cleanup.models import ListingLead
from reports.models import AnnualReport
from reports.services import annual_report_issue
from workshops.models import WorkshopClosure

from . import cases, licences, online, plan_2019, workshops
from .clock import Story, YearClock, at
from .context import YearContext


def _missing(code: str, ctx: YearContext) -> int:
    return max(plan_2019.TARGETS[code] - plan_2019.figure(code, ctx), 0)


def annual_report(ctx: YearContext) -> Story:
    """The bureau head issues the year's report in the middle of January."""
    yield at(datetime.date(ctx.year + 1, 1, 15), 10)
    if not AnnualReport.objects.filter(year=ctx.year).exists():
        annual_report_issue(year=ctx.year, actor=ctx.people["liuqiang"])


def schedule(ctx: YearContext, clock: YearClock) -> dict[str, int]:
    """Register the parties and licences the missing stories need (now, at the start
    of the year) and put the stories on the clock. Returns how many of each."""
    planned = {}
    ordinary, summary = [], []
    if missing := _missing("health_food_penalties", ctx):
        ordinary, summary = plan_2019.health_food_plans(ctx, missing)
    if missing := _missing("special_equipment_violations", ctx):
        ordinary += plan_2019.special_equipment_plans(ctx, missing)
    for plan in ordinary:
        clock.add(cases.ordinary_case(ctx, plan), name=f"case {plan.party}")
    for plan in summary:
        clock.add(cases.summary_case(ctx, plan), name=f"summary {plan.party}")
    planned["cases"] = len(ordinary) + len(summary)

    revocations = []
    if missing := _missing("licences_revoked", ctx):
        revocations = plan_2019.revocation_plans(
            ctx, missing, start=Revocation.objects.count()
        )
    for plan in revocations:
        clock.add(licences.revocation(ctx, plan), name=f"revocation {plan.licence}")
    planned["revocations"] = len(revocations)

    referrals = []
    if missing := _missing("licences_referred", ctx):
        referrals = plan_2019.referral_plans(
            ctx, missing, start=Cancellation.objects.exclude(referral=None).count()
        )
    for plan in referrals:
        clock.add(licences.referral(ctx, plan), name=f"referral {plan.started_on}")
    planned["referred_licences"] = sum(len(p.licences) for p in referrals)

    leads = []
    campaigns = [
        ctx.campaigns["qingwang-2019"],
        ctx.campaigns["jingwang-qingyuan-2019"],
    ]
    if not ListingLead.objects.filter(campaign__in=campaigns).exists():
        leads = plan_2019.lead_plans(ctx)
    for plan in leads:
        clock.add(online.listing_lead(ctx, plan), name=f"lead {plan.product_name}")
    planned["leads"] = len(leads)

    if missing := _missing("products_cleared_offline", ctx):
        clearances = plan_2019.clearance_plans(ctx, missing)
        clock.add(online.offline_clearances(ctx, clearances), name="clearances")
        planned["clearances"] = len(clearances)

    if missing := _missing("workshops_closed", ctx):
        closures = plan_2019.closure_plans(
            ctx, missing, start=WorkshopClosure.objects.count()
        )
        clock.add(workshops.workshop_closures(ctx, closures), name="workshops")
        planned["workshop_closures"] = len(closures)

    if not AnnualReport.objects.filter(year=ctx.year).exists():
        clock.add(annual_report(ctx), name="annual report")
    return planned
