from django.db.models import QuerySet

from .models import Violation


def violation_list(*, filters: dict | None = None) -> QuerySet[Violation]:
    filters = filters or {}
    qs = Violation.objects.select_related("enterprise", "violation_type", "campaign")
    if enterprise_id := filters.get("enterprise"):
        qs = qs.filter(enterprise_id=enterprise_id)
    if campaign_id := filters.get("campaign"):
        qs = qs.filter(campaign_id=campaign_id)
    if year := filters.get("year"):
        qs = qs.filter(decided_on__year=year)
    return qs.order_by("-decided_on", "-id")
