"""Writes to workshop closures."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import District, Enterprise
from organisation.models import User

from .models import ClosureReason, WorkshopClosure

CLOSURE_FORBIDDEN = _("您没有登记关停小作坊的权限。")
CLOSURE_OFFICER_NOT_CREDENTIALED = _(
    "%(name)s没有行政执法证件，不能作为关停小作坊的承办人。"
)
CLOSURE_IN_FUTURE = _("关停日期不能晚于今天。")
CLOSURE_REASON_INVALID = _("请选择关停原因。")
CLOSURE_FIELD_REQUIRED = _("请填写%(field)s。")
CLOSURE_ALREADY_RECORDED = _("%(name)s（%(address)s）在该日期的关停已经登记。")


def _require(value: str, field) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(CLOSURE_FIELD_REQUIRED, params={"field": field})
    return value


@transaction.atomic
def workshop_closure_record(
    *,
    workshop_name: str,
    district: District,
    address: str,
    reason: str,
    details: str,
    closed_on: datetime.date,
    officer: User,
    actor: User,
    operator_name: str = "",
    enterprise: Enterprise | None = None,
) -> WorkshopClosure:
    """Record one closed workshop. The officer who closed it must hold an enforcement
    credential (closing a workshop is an enforcement act); the same workshop closed on
    the same day is recorded once."""
    if not actor.has_perm("workshops.record_workshop_closure"):
        raise ValidationError(CLOSURE_FORBIDDEN, code="permission")
    workshop_name = _require(workshop_name, _("作坊名称"))
    address = _require(address, _("生产加工地址"))
    details = _require(details, _("关停情况"))
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": ValidationError(CLOSURE_REASON_INVALID)})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": ValidationError(CLOSURE_IN_FUTURE)})
    if not officer.is_credentialed:
        raise ValidationError(
            {
                "officer": ValidationError(
                    CLOSURE_OFFICER_NOT_CREDENTIALED,
                    params={"name": officer.get_full_name()},
                )
            }
        )
    closure = WorkshopClosure(
        workshop_name=workshop_name,
        operator_name=(operator_name or "").strip(),
        district=district,
        address=address,
        reason=reason,
        details=details,
        closed_on=closed_on,
        officer=officer,
        enterprise=enterprise,
        recorded_by=actor,
    )
    duplicate = ValidationError(
        CLOSURE_ALREADY_RECORDED,
        code="duplicate",
        params={"name": workshop_name, "address": address},
    )
    if WorkshopClosure.objects.filter(
        workshop_name=workshop_name, address=address, closed_on=closed_on
    ).exists():
        raise duplicate
    closure.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            closure.save()
    except IntegrityError:  # recorded by someone else a moment ago
        raise duplicate from None
    return closure
