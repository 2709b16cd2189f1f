"""Online takedowns on an enterprise's timeline (enterprises.selectors.TIMELINE_SOURCES)."""

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ListingLead
from .selectors import listing_lead_outcome_q


def listing_takedown_entries(enterprise) -> Iterable:
    from enterprises.selectors import TimelineEntry

    # Taken down by the same rule the campaign page and the annual report count.
    leads = ListingLead.objects.filter(
        listing_lead_outcome_q("removed"), seller=enterprise, verified_at__isnull=False
    )
    for lead in leads.order_by("verified_at", "pk"):
        at = timezone.localtime(lead.verified_at)
        yield TimelineEntry(
            date=at.date(),
            at=at,
            kind="online",
            title=_("网络商品信息下架：%(product)s") % {"product": lead.product_name},
            detail=f"{lead.platform_name} · {lead.shop_name} · {lead.get_problem_display()}",
            reference=lead.notice_number,
            url=reverse("campaigns:lead:detail", args=[lead.pk]),
            order=lead.pk,
        )
