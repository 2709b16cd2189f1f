import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Cancellation,
    CancellationState,
    Licence,
    LicenceEvent,
    ReferralState,
)


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


# What happened to a referred licence, in words that are true at each step: the
# cancellation stays "referred" from the letter's drafting to the province's answer.
REFERRAL_STATUS_LABELS = {
    "awaiting_letter": _("待发函"),
    "awaiting_reply": _("已发函待省局答复"),
    "overdue": _("逾期未答复"),
    "province_cancelled": _("省局已注销"),
    "province_rejected": _("省局不予注销"),
}


@dataclass(frozen=True)
class CancellationStatus:
    code: str
    label: str


def cancellation_status(
    cancellation: Cancellation, *, today: datetime.date | None = None
) -> CancellationStatus:
    """Where a cancellation stands, as a clerk would say it. Reads the referral the
    caller selected with it (no query)."""
    today = today or timezone.localdate()
    code = None
    referral = cancellation.referral if cancellation.referral_id else None
    if cancellation.state == CancellationState.REFERRED and referral is not None:
        if referral.state != ReferralState.SENT:
            code = "awaiting_letter"
        elif referral.reply_due and today > referral.reply_due:
            code = "overdue"
        else:
            code = "awaiting_reply"
    elif cancellation.state == CancellationState.REJECTED:
        code = "province_rejected"
    elif referral is not None and cancellation.province_decision_number:
        code = "province_cancelled"
    if code is None:
        return CancellationStatus(cancellation.state, cancellation.get_state_display())
    return CancellationStatus(code, str(REFERRAL_STATUS_LABELS[code]))


def licence_withdrawal_status(*, licence: Licence) -> tuple | None:
    """The licence's latest cancellation and where it stands, for the licence page."""
    cancellation = (
        licence.cancellations.select_related("referral").order_by("-pk").first()
    )
    if cancellation is None:
        return None
    return cancellation, cancellation_status(cancellation)
