from django.db.models import QuerySet

from .models import Licence, LicenceEvent


def licence_get(licence_id) -> Licence | None:
    return (
        Licence.objects.select_related(
            "holder", "holder__district", "issuing_authority"
        )
        .filter(pk=licence_id)
        .first()
    )


def licence_list(*, filters: dict | None = None) -> QuerySet[Licence]:
    filters = filters or {}
    qs = Licence.objects.select_related("holder", "issuing_authority")
    if q := filters.get("q"):
        qs = qs.filter(number__icontains=q) | qs.filter(holder__name__icontains=q)
    for key in ("state", "kind"):
        if value := filters.get(key):
            qs = qs.filter(**{key: value})
    if holder_id := filters.get("holder"):
        qs = qs.filter(holder_id=holder_id)
    if filters.get("external") is True:
        qs = qs.filter(issuing_authority__kind="external")
    if expired_before := filters.get("valid_until_before"):
        qs = qs.filter(valid_until__lt=expired_before)
    if holder_status := filters.get("holder_registration_status"):
        qs = qs.filter(holder__registration_status=holder_status)
    return qs.order_by("number")


def licence_events_for_holder(*, holder_id) -> QuerySet[LicenceEvent]:
    """Every licence action on an enterprise's licences (its timeline), oldest first."""
    return (
        LicenceEvent.objects.filter(licence__holder_id=holder_id)
        .select_related("licence", "actor")
        .order_by("occurred_at", "id")
    )
