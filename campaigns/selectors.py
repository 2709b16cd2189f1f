from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from enforcement.models import Case
from online_cleanup.models import LeadState, ListingLead
from online_cleanup.selectors import (
    internet_enterprises_dealt_with,
    listing_lead_outcome_q,
)

from .models import Campaign, OfflineClearance


@dataclass(frozen=True)
class CampaignProgress:
    leads: int
    leads_by_state: list[tuple[str, int]]
    listings_removed: int
    qualifications_removed: int
    products_cleared_offline: int
    offline_clearances: int
    enterprises_dealt_with: int
    cases_opened: int
    overdue_platform_replies: int

    @property
    def online_removed(self) -> int:
        return self.listings_removed + self.qualifications_removed


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("lead_unit").annotate(
        lead_count=Count("listing_leads", distinct=True)
    )


def campaign_get(campaign_id) -> Campaign | None:
    return Campaign.objects.select_related("lead_unit").filter(pk=campaign_id).first()


def campaign_cases_opened(campaign: Campaign) -> int:
    """Penalty cases carrying the campaign, including those escalated from its leads."""
    return Case.objects.filter(campaign=campaign).count()


def campaign_progress(campaign: Campaign) -> CampaignProgress:
    leads = ListingLead.objects.filter(campaign=campaign)
    by_state = dict(leads.values_list("state").annotate(n=Count("id")))
    clearance = OfflineClearance.objects.filter(campaign=campaign).aggregate(
        products=Sum("products_removed"), n=Count("id")
    )
    return CampaignProgress(
        leads=sum(by_state.values()),
        leads_by_state=[
            (label, by_state.get(value, 0)) for value, label in LeadState.choices
        ],
        listings_removed=leads.filter(
            listing_lead_outcome_q("listing_removed")
        ).count(),
        qualifications_removed=leads.filter(
            listing_lead_outcome_q("qualification_removed")
        ).count(),
        products_cleared_offline=clearance["products"] or 0,
        offline_clearances=clearance["n"],
        enterprises_dealt_with=len(internet_enterprises_dealt_with(leads)),
        cases_opened=campaign_cases_opened(campaign),
        overdue_platform_replies=leads.filter(
            state=LeadState.NOTIFIED, platform_deadline__lt=timezone.localdate()
        ).count(),
    )


def offline_clearance_list(*, campaign: Campaign) -> QuerySet[OfflineClearance]:
    return campaign.offline_clearances.select_related(
        "enterprise", "enterprise__district", "officer"
    )
