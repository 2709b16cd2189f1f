from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Enterprise, EnterpriseFormerName


def enterprise_get(enterprise_id) -> Enterprise | None:
    return (
        Enterprise.objects.select_related("district")
        .prefetch_related(
            Prefetch("former_names", queryset=EnterpriseFormerName.objects.all())
        )
        .filter(pk=enterprise_id)
        .first()
    )


def enterprise_list(*, filters: dict | None = None) -> QuerySet[Enterprise]:
    """Database listing (the admin's and the registry's); free-text search is in `search`."""
    filters = filters or {}
    qs = Enterprise.objects.select_related("district").annotate(
        licence_count=Count("licences", distinct=True)
    )
    if q := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(credit_code__istartswith=q)
            | Q(legal_representative=q)
            | Q(former_names__name__icontains=q)
        ).distinct()
    if district := filters.get("district"):
        qs = qs.filter(district__region_code=district)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if status := filters.get("registration_status"):
        qs = qs.filter(registration_status=status)
    return qs.order_by("name", "pk")
