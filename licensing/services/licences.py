"""Writes to licences. Every state change goes through `_licence_transition`, which owns
the lock, the permission and condition checks, the audit row and the search outbox row.

Lock order, everywhere in the project: enterprise → licence → case.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import (
    ConcurrentTransition,
    TransitionNotAllowed,
    can_proceed,
    has_transition_perm,
)

from enterprises.models import Enterprise
from organisation.models import OrganisationUnit, User
from search.outbox import search_outbox_enqueue

from ..grounds import CancellationGround, RevocationGround, WithdrawalGround
from ..models import Licence, LicenceEvent, LicenceState
from ..numbers import licence_kind_for_number, licence_number_normalise

LICENCE_NUMBER_TAKEN = _("许可证编号 %(number)s 已存在。")
LICENCE_KIND_MISMATCH = _("许可证编号与许可证种类不符。")
LICENCE_TRANSITION_NOT_ALLOWED = _(
    "许可证 %(number)s 当前状态为“%(state)s”，不能%(action)s。"
)
LICENCE_TRANSITION_FORBIDDEN = _("您没有对许可证 %(number)s 执行“%(action)s”的权限。")
LICENCE_NOT_LOCAL = _(
    "许可证 %(number)s 由%(authority)s核发，本局不能%(action)s，请上报发证机关。"
)
LICENCE_NOT_EXTERNAL = _("许可证 %(number)s 由本局核发，应直接注销，无需登记省局决定。")
LICENCE_CHANGED_CONCURRENTLY = _(
    "许可证 %(number)s 刚被他人变更为“%(state)s”，您的操作未执行，请刷新后重试。"
)
LICENCE_GROUND_INVALID = _("“%(ground)s”不是%(action)s的法定情形。")
LICENCE_REASON_REQUIRED = _("请填写理由。")
LICENCE_REFERENCE_REQUIRED = _("请填写决定文号。")


@transaction.atomic
def licence_register(
    *,
    number: str,
    holder: Enterprise,
    issuing_authority: OrganisationUnit,
    product: str,
    issued_on: datetime.date,
    valid_until: datetime.date,
    kind: str | None = None,
) -> Licence:
    number = licence_number_normalise(number)
    detected_kind = licence_kind_for_number(number)
    if kind and kind != detected_kind:
        raise ValidationError({"kind": ValidationError(LICENCE_KIND_MISMATCH)})
    _refuse_taken_number(number)
    licence = Licence(
        number=number,
        kind=detected_kind,
        holder=holder,
        issuing_authority=issuing_authority,
        product=product,
        issued_on=issued_on,
        valid_until=valid_until,
    )
    licence.full_clean(exclude=["number"])  # checked above, decided by the index
    try:
        # Concurrent registrations of one number: the unique index decides (savepoint).
        with transaction.atomic():
            licence.save()
    except IntegrityError:
        _refuse_taken_number(number)
        raise
    search_outbox_enqueue(instance=licence)
    search_outbox_enqueue(instance=holder)
    return licence


def _refuse_taken_number(number: str) -> None:
    if Licence.objects.filter(number=number).exists():
        raise ValidationError(
            {
                "number": ValidationError(
                    LICENCE_NUMBER_TAKEN, code="taken", params={"number": number}
                )
            }
        )


@transaction.atomic
def licence_update(*, licence: Licence, **fields) -> Licence:
    """Correct the certificate's particulars; never its state or number."""
    allowed = {"product", "issued_on", "valid_until"}
    if set(fields) - allowed:
        raise ValueError(
            f"licence_update cannot change {sorted(set(fields) - allowed)}"
        )
    locked = Licence.objects.select_for_update(no_key=True).get(pk=licence.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    search_outbox_enqueue(instance=locked)
    return locked


def _action_label(licence: Licence, transition_name: str) -> str:
    method = getattr(licence, transition_name)
    for t in method._django_fsm.transitions.values():
        return str(t.custom.get("label", transition_name))
    return transition_name


def _licence_transition(
    *,
    licence: Licence | int,
    transition_name: str,
    actor: User | None,
    **kwargs,
) -> Licence:
    """Apply one transition under a row lock and record it.

    Runs inside the caller's transaction (or its own). Raises ValidationError with a message
    the user can act on; nothing is written when it raises.
    """
    pk = licence.pk if isinstance(licence, Licence) else licence
    with transaction.atomic():
        locked = (
            Licence.objects.select_for_update(no_key=True, of=("self",))
            .select_related("issuing_authority", "holder")
            .get(pk=pk)
        )
        if isinstance(licence, Licence) and locked.state != licence.state:
            # The caller read the licence before someone else changed it.
            raise ValidationError(
                LICENCE_CHANGED_CONCURRENTLY,
                code="concurrent",
                params={"number": locked.number, "state": locked.get_state_display()},
            )
        method = getattr(locked, transition_name)
        action = _action_label(locked, transition_name)
        params = {
            "number": locked.number,
            "state": locked.get_state_display(),
            "action": action,
            "authority": locked.issuing_authority.name,
        }
        if not can_proceed(method, check_conditions=False):
            raise ValidationError(
                LICENCE_TRANSITION_NOT_ALLOWED, code="state", params=params
            )
        if not can_proceed(method):
            if transition_name == "record_external_cancellation":
                raise ValidationError(LICENCE_NOT_EXTERNAL, code="local", params=params)
            if transition_name == "expire":
                raise ValidationError(
                    LICENCE_TRANSITION_NOT_ALLOWED, code="state", params=params
                )
            raise ValidationError(LICENCE_NOT_LOCAL, code="external", params=params)
        if actor is not None and not has_transition_perm(method, actor):
            raise ValidationError(
                LICENCE_TRANSITION_FORBIDDEN, code="permission", params=params
            )
        from_state = locked.state
        try:
            method(**kwargs)
            locked.full_clean()
            locked.save()
        except (TransitionNotAllowed, ConcurrentTransition):
            current = Licence.objects.get(pk=pk)
            raise ValidationError(
                LICENCE_CHANGED_CONCURRENTLY,
                code="concurrent",
                params={"number": current.number, "state": current.get_state_display()},
            ) from None
        LicenceEvent.objects.create(
            licence=locked,
            transition=transition_name,
            from_state=from_state,
            to_state=locked.state,
            actor=actor,
            reason=kwargs.get("reason", locked.state_reason),
            ground=kwargs.get("ground", locked.state_ground),
            reference=kwargs.get("reference", ""),
        )
        search_outbox_enqueue(instance=locked)
        search_outbox_enqueue(instance=locked.holder)
    return locked


def _require(reason: str, ground: str, allowed: type, action: str) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(LICENCE_REASON_REQUIRED)})
    if ground not in allowed.values:
        raise ValidationError(
            {
                "ground": ValidationError(
                    LICENCE_GROUND_INVALID, params={"ground": ground, "action": action}
                )
            }
        )


def licence_revoke(
    *,
    licence: Licence | int,
    actor: User | None,
    ground: str,
    reason: str,
    reference: str = "",
) -> Licence:
    """撤销 (行政许可法 Art. 69)."""
    _require(reason, ground, RevocationGround, _("撤销"))
    return _licence_transition(
        licence=licence,
        transition_name="revoke",
        actor=actor,
        reason=reason,
        ground=ground,
        reference=reference,
    )


def licence_withdraw(
    *,
    licence: Licence | int,
    actor: User | None,
    ground: str,
    reason: str,
    reference: str = "",
) -> Licence:
    """撤回 (行政许可法 Art. 8)."""
    _require(reason, ground, WithdrawalGround, _("撤回"))
    return _licence_transition(
        licence=licence,
        transition_name="withdraw",
        actor=actor,
        reason=reason,
        ground=ground,
        reference=reference,
    )


def licence_revoke_as_penalty(
    *, licence: Licence | int, actor: User | None, reason: str, reference: str
) -> Licence:
    """吊销: called by the penalty-decision service only; `reference` is the decision number."""
    if not (reference or "").strip():
        raise ValidationError(
            {"reference": ValidationError(LICENCE_REFERENCE_REQUIRED)}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(LICENCE_REASON_REQUIRED)})
    return _licence_transition(
        licence=licence,
        transition_name="revoke_as_penalty",
        actor=actor,
        reason=reason,
        reference=reference,
    )


def licence_cancel(
    *,
    licence: Licence | int,
    actor: User | None,
    ground: str,
    reason: str,
    reference: str = "",
) -> Licence:
    """注销 of a licence this bureau issued (行政许可法 Art. 70)."""
    _require(reason, ground, CancellationGround, _("注销"))
    return _licence_transition(
        licence=licence,
        transition_name="cancel",
        actor=actor,
        reason=reason,
        ground=ground,
        reference=reference,
    )


def licence_record_external_cancellation(
    *,
    licence: Licence | int,
    actor: User | None,
    ground: str,
    reason: str,
    reference: str,
) -> Licence:
    """Record the issuing (provincial) authority's cancellation decision."""
    _require(reason, ground, CancellationGround, _("注销"))
    if not (reference or "").strip():
        raise ValidationError(
            {"reference": ValidationError(LICENCE_REFERENCE_REQUIRED)}
        )
    return _licence_transition(
        licence=licence,
        transition_name="record_external_cancellation",
        actor=actor,
        reason=reason,
        ground=ground,
        reference=reference,
    )


def licence_expire(*, licence: Licence | int) -> Licence:
    return _licence_transition(licence=licence, transition_name="expire", actor=None)


def licences_expire_due(*, today: datetime.date | None = None) -> int:
    """Move every valid licence whose validity has ended to expired. Returns the count."""
    today = today or timezone.localdate()
    due = Licence.objects.filter(state=LicenceState.VALID, valid_until__lt=today)
    count = 0
    for pk in due.values_list("pk", flat=True).iterator():
        try:
            licence_expire(licence=pk)
            count += 1
        except ValidationError:
            continue  # changed meanwhile
    return count
