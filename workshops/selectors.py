"""Reads of workshop closures."""

from django.db.models import QuerySet

from .models import WorkshopClosure


def workshop_closure_list(*, filters: dict | None = None) -> QuerySet[WorkshopClosure]:
    """Closures, newest first. Filters: year (of closed_on), district (a District or
    its pk), reason, q (name or address)."""
    filters = filters or {}
    qs = WorkshopClosure.objects.select_related("district", "officer", "enterprise")
    if year := filters.get("year"):
        qs = qs.filter(closed_on__year=year)
    if district := filters.get("district"):
        qs = qs.filter(district=district)
    if reason := filters.get("reason"):
        qs = qs.filter(reason=reason)
    if q := (filters.get("q") or "").strip():
        from django.db.models import Q

        qs = qs.filter(Q(workshop_name__icontains=q) | Q(address__icontains=q))
    return qs.order_by("-closed_on", "-id")


def workshop_closure_get(closure_id) -> WorkshopClosure | None:
    return (
        WorkshopClosure.objects.select_related(
            "district", "officer", "enterprise", "recorded_by"
        )
        .filter(pk=closure_id)
        .first()
    )
