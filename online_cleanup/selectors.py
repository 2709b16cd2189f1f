from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import LeadState, ListingLead, ListingProblem

REMOVED_STATES = [LeadState.REMOVED, LeadState.CLOSED]


def listing_lead_list(*, filters: dict | None = None) -> QuerySet[ListingLead]:
    filters = filters or {}
    qs = ListingLead.objects.all()
    if campaign := filters.get("campaign"):
        qs = qs.filter(campaign=campaign)
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if problem := filters.get("problem"):
        qs = qs.filter(problem=problem)
    if q := filters.get("q"):
        qs = qs.filter(
            Q(shop_name__icontains=q)
            | Q(product_name__icontains=q)
            | Q(platform_name__icontains=q)
            | Q(listing_url__icontains=q)
        )
    if filters.get("overdue"):
        qs = qs.filter(
            state=LeadState.NOTIFIED, platform_deadline__lt=timezone.localdate()
        )
    if outcome := filters.get("outcome"):
        qs = qs.filter(listing_lead_outcome_q(outcome))
    return qs.order_by("-registered_at", "-id")


def listing_lead_outcome_q(outcome: str) -> Q:
    """The leads an annual-report figure counts, as a filter."""
    removed = Q(state__in=REMOVED_STATES) | Q(
        state=LeadState.ESCALATED, escalated_against="seller"
    )
    if outcome == "listing_removed":
        return removed & ~Q(problem=ListingProblem.FALSE_QUALIFICATION)
    if outcome == "qualification_removed":
        return removed & Q(problem=ListingProblem.FALSE_QUALIFICATION)
    if outcome == "removed":
        return removed
    if outcome == "escalated":
        return Q(state=LeadState.ESCALATED)
    raise ValueError(outcome)


def listing_lead_get(lead_id) -> ListingLead | None:
    return (
        ListingLead.objects.select_related(
            "campaign", "seller", "platform", "registered_by"
        )
        .prefetch_related("captures", "checks__checked_by", "events__actor")
        .filter(pk=lead_id)
        .first()
    )


def internet_enterprises_dealt_with(leads: QuerySet[ListingLead]) -> set[int]:
    """Sellers whose listings were taken down or who face a case, and platforms that
    face a case for failing their duty (电子商务法 Art. 80)."""
    sellers = (
        leads.filter(
            listing_lead_outcome_q("removed")
            | Q(state=LeadState.ESCALATED, escalated_against="seller")
        )
        .exclude(seller=None)
        .values_list("seller_id", flat=True)
    )
    platforms = (
        leads.filter(state=LeadState.ESCALATED, escalated_against="platform")
        .exclude(platform=None)
        .values_list("platform_id", flat=True)
    )
    return set(sellers) | set(platforms)
