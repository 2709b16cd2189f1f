"""Writes to withdrawal records: revocations, cancellations and referrals.

Lock order, as everywhere: enterprise → licence → withdrawal record. Each service locks
the licence first, then its record, so a withdrawal step and a licence transition in the
same transaction never wait on each other in opposite orders.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from deadlines.calendar import add_working_days
from organisation.models import OrganisationUnit, User

from ..grounds import CancellationGround, RevocationGround
from ..models import (
    CANCELLABLE_STATES,
    Cancellation,
    CancellationState,
    Licence,
    LicenceState,
    Referral,
    ReferralState,
    Revocation,
    WithdrawalEvent,
    WithdrawalPolicy,
)
from ..models.withdrawals import CANCELLATION_OPEN_STATES, REVOCATION_BLOCKING_STATES
from .licences import (
    licence_cancel,
    licence_record_external_cancellation,
    licence_revoke,
)

WITHDRAWAL_ALREADY_OPEN = _(
    "许可证 %(number)s 正在办理%(what)s，不能同时发起另一项撤销或注销。"
)
WITHDRAWAL_NOT_ALLOWED = _("当前状态为“%(state)s”，不能%(action)s。")
WITHDRAWAL_SELF_APPROVAL = _("承办人不能审核或审批自己发起的事项。")
WITHDRAWAL_FORBIDDEN = _("您没有%(action)s的权限。")
REVOCATION_LICENCE_NOT_VALID = _(
    "许可证 %(number)s 当前状态为“%(state)s”，只有有效的许可证才能撤销。"
)
REVOCATION_LICENCE_NOT_LOCAL = _(
    "许可证 %(number)s 由%(authority)s核发，撤销应由发证机关或其上级机关作出。"
)
CANCELLATION_LICENCE_NOT_CANCELLABLE = _(
    "许可证 %(number)s 当前状态为“%(state)s”，无需注销。"
)
CANCELLATION_GROUND_MISMATCH = _(
    "许可证 %(number)s 状态为“%(state)s”，注销情形“%(ground)s”与之不符。"
)
REFERRAL_NOT_EXTERNAL = _("许可证 %(number)s 由本局核发，应直接注销，不能上报省局。")
REFERRAL_MIXED_AUTHORITIES = _("一份上报函只能报送同一发证机关。")
TEXT_REQUIRED = _("请填写%(field)s。")
DATE_IN_FUTURE = _("%(field)s不能晚于今天。")
DATE_BEFORE = _("%(field)s不能早于%(other)s。")
PROVINCE_DECISION_BEFORE_SENDING = _(
    "上报省局注销函尚未登记报送，不能登记省局的答复；请先登记报送日期。"
)

OPEN_REVOCATION_LABEL = _("撤销")
OPEN_CANCELLATION_LABEL = _("注销")


def _require_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(TEXT_REQUIRED, params={"field": field})
    return value


def _require_past_date(value: datetime.date, field: str) -> datetime.date:
    if value is None:
        raise ValidationError(TEXT_REQUIRED, params={"field": field})
    if value > timezone.localdate():
        raise ValidationError(DATE_IN_FUTURE, params={"field": field})
    return value


def _check_perm(actor: User | None, perm: str, action: str) -> None:
    if actor is not None and not actor.has_perm(perm):
        raise ValidationError(
            WITHDRAWAL_FORBIDDEN, code="permission", params={"action": action}
        )


def _check_not_initiator(record, actor: User) -> None:
    if actor is not None and record.initiated_by_id == actor.pk:
        raise ValidationError(WITHDRAWAL_SELF_APPROVAL, code="self_approval")


def _lock_licence(licence_id: int) -> Licence:
    return (
        Licence.objects.select_for_update(no_key=True, of=("self",))
        .select_related("issuing_authority", "holder")
        .get(pk=licence_id)
    )


def _event(
    *, record, licence: Licence, action: str, actor, from_state: str, note: str = ""
):
    kind = record._meta.model_name
    WithdrawalEvent.objects.create(
        licence=licence,
        **{kind: record},
        action=action,
        from_state=from_state,
        to_state=getattr(record, "state", ""),
        actor=actor,
        note=note,
    )


def _apply(record, method_name: str, action: str, **kwargs):
    """Call a transition of an already locked record, with a clear error when its state
    does not allow it."""
    method = getattr(record, method_name)
    if not can_proceed(method):
        raise ValidationError(
            WITHDRAWAL_NOT_ALLOWED,
            code="state",
            params={"state": record.get_state_display(), "action": action},
        )
    from_state = record.state
    method(**kwargs)
    record.full_clean()
    record.save()
    return from_state


def _open_withdrawal_label(licence: Licence, *, origin_revocation=None) -> str | None:
    revocations = Revocation.objects.filter(
        licence=licence, state__in=REVOCATION_BLOCKING_STATES
    )
    if revocations.exists():
        return str(OPEN_REVOCATION_LABEL)
    cancellations = Cancellation.objects.filter(
        licence=licence, state__in=CANCELLATION_OPEN_STATES
    )
    if cancellations.exists():
        return str(OPEN_CANCELLATION_LABEL)
    return None


def _policy() -> WithdrawalPolicy:
    return WithdrawalPolicy.current()


# --- Revocation (撤销) -------------------------------------------------------------


@transaction.atomic
def revocation_open(
    *, licence: Licence | int, ground: str, facts: str, evidence: str, actor: User
) -> Revocation:
    """Open a revocation case on a valid licence this bureau issued."""
    _check_perm(actor, "licensing.revoke_licence", str(_("发起撤销")))
    if ground not in RevocationGround.values:
        raise ValidationError(
            {"ground": _("请选择行政许可法第六十九条规定的撤销情形。")}
        )
    facts = _require_text(facts, str(_("事实与理由")))
    evidence = _require_text(evidence, str(_("证据")))
    locked = _lock_licence(licence.pk if isinstance(licence, Licence) else licence)
    params = {
        "number": locked.number,
        "state": locked.get_state_display(),
        "authority": locked.issuing_authority.name,
    }
    if locked.state != LicenceState.VALID:
        raise ValidationError(
            REVOCATION_LICENCE_NOT_VALID, code="licence_state", params=params
        )
    if not locked.is_locally_issued:
        raise ValidationError(
            REVOCATION_LICENCE_NOT_LOCAL, code="external", params=params
        )
    if what := _open_withdrawal_label(locked):
        raise ValidationError(
            WITHDRAWAL_ALREADY_OPEN,
            code="open",
            params={"number": locked.number, "what": what},
        )
    revocation = Revocation(
        licence=locked,
        ground=ground,
        facts=facts,
        evidence=evidence,
        initiated_by=actor,
    )
    revocation.full_clean()
    revocation.save()
    _event(
        record=revocation,
        licence=locked,
        action="open",
        actor=actor,
        from_state="",
        note=facts,
    )
    return revocation


def _lock_revocation(revocation: Revocation | int) -> tuple[Licence, Revocation]:
    pk = revocation.pk if isinstance(revocation, Revocation) else revocation
    licence_id = Revocation.objects.values_list("licence_id", flat=True).get(pk=pk)
    licence = _lock_licence(licence_id)
    locked = Revocation.objects.select_for_update(no_key=True).get(pk=pk)
    locked.licence = licence
    return licence, locked


@transaction.atomic
def revocation_record_notice(
    *,
    revocation: Revocation | int,
    number: str,
    issued_on: datetime.date,
    actor: User | None,
) -> Revocation:
    """The 撤销行政许可告知书 was issued (numbered): the clerk serves it next."""
    licence, locked = _lock_revocation(revocation)
    number = _require_text(number, str(_("告知书文号")))
    from_state = _apply(
        locked,
        "record_notice",
        str(_("制发告知书")),
        number=number,
        issued_on=issued_on,
    )
    _event(
        record=locked,
        licence=licence,
        action="issue_notice",
        actor=actor,
        from_state=from_state,
        note=number,
    )
    return locked


@transaction.atomic
def revocation_serve_notice(
    *, revocation: Revocation | int, served_on: datetime.date, method: str, actor: User
) -> Revocation:
    """Record the notice served on the holder; the statement window starts the next day."""
    licence, locked = _lock_revocation(revocation)
    _require_past_date(served_on, str(_("送达日期")))
    method = _require_text(method, str(_("送达方式")))
    if locked.notice_issued_on and served_on < locked.notice_issued_on:
        raise ValidationError(
            DATE_BEFORE, params={"field": _("送达日期"), "other": _("告知书制发日期")}
        )
    due = add_working_days(served_on, _policy().statement_working_days).due
    from_state = _apply(
        locked,
        "serve_notice",
        str(_("送达告知")),
        served_on=served_on,
        service_method=method,
        statement_due=due,
    )
    _event(
        record=locked,
        licence=licence,
        action="serve_notice",
        actor=actor,
        from_state=from_state,
    )
    return locked


@transaction.atomic
def revocation_record_statement(
    *,
    revocation: Revocation | int,
    statement: str,
    received_on: datetime.date,
    actor: User,
) -> Revocation:
    licence, locked = _lock_revocation(revocation)
    statement = _require_text(statement, str(_("陈述申辩意见")))
    _require_past_date(received_on, str(_("陈述申辩日期")))
    if locked.notice_served_on and received_on < locked.notice_served_on:
        raise ValidationError(
            DATE_BEFORE, params={"field": _("陈述申辩日期"), "other": _("告知送达日期")}
        )
    from_state = _apply(
        locked,
        "record_statement",
        str(_("登记陈述申辩")),
        statement=statement,
        received_on=received_on,
    )
    _event(
        record=locked, licence=licence, action="record_statement", actor=actor,
        from_state=from_state, note=statement,
    )  # fmt: skip
    return locked


@transaction.atomic
def revocation_close_statement_window(*, revocation: Revocation | int) -> Revocation:
    """The holder did not state or defend within the window (a timer calls this)."""
    licence, locked = _lock_revocation(revocation)
    from_state = _apply(locked, "close_statement_window", str(_("结束陈述申辩期")))
    _event(
        record=locked, licence=licence, action="statement_lapsed", actor=None,
        from_state=from_state, note=str(_("陈述申辩期届满，当事人未提出意见。")),
    )  # fmt: skip
    return locked


@transaction.atomic
def revocation_review(
    *, revocation: Revocation | int, reviewer: User, approve: bool, opinion: str
) -> Revocation:
    """Legal review (法制审核) by someone other than the initiator."""
    licence, locked = _lock_revocation(revocation)
    _check_perm(reviewer, "licensing.review_withdrawal", str(_("法制审核")))
    _check_not_initiator(locked, reviewer)
    opinion = _require_text(opinion, str(_("审核意见")))
    if approve:
        from_state = _apply(
            locked,
            "pass_review",
            str(_("审核通过")),
            reviewer=reviewer,
            opinion=opinion,
        )
        action = "pass_review"
    else:
        from_state = _apply(
            locked, "return_to_initiator", str(_("退回")), reason=opinion
        )
        action = "return_at_review"
    _event(
        record=locked,
        licence=licence,
        action=action,
        actor=reviewer,
        from_state=from_state,
        note=opinion,
    )
    return locked


@transaction.atomic
def revocation_decide_approval(
    *, revocation: Revocation | int, approver: User, approve: bool, opinion: str
) -> Revocation:
    """The bureau head approves or returns; never the initiator."""
    licence, locked = _lock_revocation(revocation)
    _check_perm(approver, "licensing.approve_withdrawal", str(_("审批")))
    _check_not_initiator(locked, approver)
    opinion = _require_text(opinion, str(_("审批意见")))
    if approve:
        from_state = _apply(
            locked, "approve", str(_("批准")), approver=approver, opinion=opinion
        )
        action = "approve"
    else:
        from_state = _apply(
            locked, "return_to_initiator", str(_("退回")), reason=opinion
        )
        action = "return_at_approval"
    _event(
        record=locked,
        licence=licence,
        action=action,
        actor=approver,
        from_state=from_state,
        note=opinion,
    )
    return locked


@transaction.atomic
def revocation_resubmit(
    *, revocation: Revocation | int, facts: str, evidence: str, actor: User
) -> Revocation:
    licence, locked = _lock_revocation(revocation)
    facts = _require_text(facts, str(_("事实与理由")))
    evidence = _require_text(evidence, str(_("证据")))
    from_state = _apply(
        locked, "resubmit", str(_("重新提交")), facts=facts, evidence=evidence
    )
    _event(
        record=locked,
        licence=licence,
        action="resubmit",
        actor=actor,
        from_state=from_state,
    )
    return locked


@transaction.atomic
def revocation_record_decision(
    *,
    revocation: Revocation | int,
    number: str,
    decided_on: datetime.date,
    actor: User | None,
) -> Revocation:
    """The 撤销行政许可决定书 was issued; publicity is due within the policy's working days."""
    licence, locked = _lock_revocation(revocation)
    number = _require_text(number, str(_("决定书文号")))
    due = add_working_days(decided_on, _policy().publicity_working_days).due
    from_state = _apply(
        locked,
        "record_decision",
        str(_("作出决定")),
        number=number,
        decided_on=decided_on,
        publicity_due=due,
    )
    _event(
        record=locked,
        licence=licence,
        action="decide",
        actor=actor,
        from_state=from_state,
        note=number,
    )
    return locked


@transaction.atomic
def revocation_record_service(
    *, revocation: Revocation | int, served_on: datetime.date, method: str, actor: User
) -> tuple[Revocation, Cancellation]:
    """Record service of the decision: the licence becomes revoked through its state
    machine, and the cancellation that must follow (Art. 70(4)) is opened."""
    licence, locked = _lock_revocation(revocation)
    _require_past_date(served_on, str(_("送达日期")))
    method = _require_text(method, str(_("送达方式")))
    if locked.decided_on and served_on < locked.decided_on:
        raise ValidationError(
            DATE_BEFORE, params={"field": _("送达日期"), "other": _("决定日期")}
        )
    from_state = _apply(
        locked,
        "record_service",
        str(_("登记送达")),
        served_on=served_on,
        service_method=method,
    )
    _event(
        record=locked,
        licence=licence,
        action="serve_decision",
        actor=actor,
        from_state=from_state,
    )
    locked.licence = licence_revoke(
        licence=licence,
        actor=actor,
        ground=locked.ground,
        reason=locked.facts,
        reference=locked.decision_number,
    )
    cancellation = cancellation_open(
        licence=licence.pk,
        ground=CancellationGround.REVOKED_OR_WITHDRAWN,
        reason=str(
            _("许可已依法撤销（%(number)s）。") % {"number": locked.decision_number}
        ),
        actor=actor,
        origin_revocation=locked,
    )
    return locked, cancellation


def _record_publicity(record, licence, published_on, reference, actor):
    """双公示 of a revocation or a cancellation: same check, transition and event."""
    _require_past_date(published_on, str(_("公示日期")))
    reference = _require_text(reference, str(_("公示网址或编号")))
    from_state = _apply(
        record,
        "record_publicity",
        str(_("登记公示")),
        published_on=published_on,
        reference=reference,
    )
    _event(
        record=record,
        licence=licence,
        action="publish",
        actor=actor,
        from_state=from_state,
        note=reference,
    )
    return record


@transaction.atomic
def revocation_record_publicity(
    *,
    revocation: Revocation | int,
    published_on: datetime.date,
    reference: str,
    actor: User,
) -> Revocation:
    licence, locked = _lock_revocation(revocation)
    return _record_publicity(locked, licence, published_on, reference, actor)


@transaction.atomic
def revocation_abandon(
    *, revocation: Revocation | int, reason: str, actor: User
) -> Revocation:
    licence, locked = _lock_revocation(revocation)
    reason = _require_text(reason, str(_("终止理由")))
    from_state = _apply(locked, "abandon", str(_("终止")), reason=reason)
    _event(
        record=locked,
        licence=licence,
        action="abandon",
        actor=actor,
        from_state=from_state,
        note=reason,
    )
    return locked


# --- Cancellation (注销) and referral (上报省局) --------------------------------------


_GROUND_FOR_STATE = {
    LicenceState.REVOKED: {CancellationGround.REVOKED_OR_WITHDRAWN},
    LicenceState.WITHDRAWN: {CancellationGround.REVOKED_OR_WITHDRAWN},
    LicenceState.PENALTY_REVOKED: {CancellationGround.REVOKED_OR_WITHDRAWN},
}


def _cancellation_refusal(
    licence: Licence, ground: str, *, check_open: bool = True
) -> ValidationError | None:
    """Why this licence cannot be cancelled on this ground now, or None."""
    params = {"number": licence.number, "state": licence.get_state_display()}
    if licence.state not in CANCELLABLE_STATES:
        return ValidationError(
            CANCELLATION_LICENCE_NOT_CANCELLABLE, code="licence_state", params=params
        )
    if ground not in CancellationGround.values:
        return ValidationError(
            _("请选择行政许可法第七十条规定的注销情形。"), code="ground"
        )
    allowed = _GROUND_FOR_STATE.get(licence.state)
    if allowed and ground not in allowed:
        return ValidationError(
            CANCELLATION_GROUND_MISMATCH,
            code="ground",
            params={**params, "ground": CancellationGround(ground).label},
        )
    if ground == CancellationGround.REVOKED_OR_WITHDRAWN and licence.state in (
        LicenceState.VALID,
        LicenceState.EXPIRED,
    ):
        return ValidationError(
            CANCELLATION_GROUND_MISMATCH,
            code="ground",
            params={**params, "ground": CancellationGround(ground).label},
        )
    if check_open and (what := _open_withdrawal_label(licence)):
        return ValidationError(
            WITHDRAWAL_ALREADY_OPEN,
            code="open",
            params={"number": licence.number, "what": what},
        )
    return None


@transaction.atomic
def cancellation_open(
    *,
    licence: Licence | int,
    ground: str,
    reason: str,
    actor: User,
    origin_revocation: Revocation | None = None,
) -> Cancellation:
    _check_perm(actor, "licensing.cancel_licence", str(_("发起注销")))
    reason = _require_text(reason, str(_("注销理由")))
    locked = _lock_licence(licence.pk if isinstance(licence, Licence) else licence)
    # The cancellation that follows a revocation belongs to the same withdrawal.
    if refusal := _cancellation_refusal(
        locked, ground, check_open=origin_revocation is None
    ):
        raise refusal
    cancellation = Cancellation(
        licence=locked,
        ground=ground,
        reason=reason,
        initiated_by=actor,
        origin_revocation=origin_revocation,
    )
    cancellation.full_clean()
    try:
        with transaction.atomic():
            cancellation.save()
    except IntegrityError:
        raise ValidationError(
            WITHDRAWAL_ALREADY_OPEN,
            code="open",
            params={"number": locked.number, "what": OPEN_CANCELLATION_LABEL},
        ) from None
    _event(
        record=cancellation,
        licence=locked,
        action="open",
        actor=actor,
        from_state="",
        note=reason,
    )
    return cancellation


def _lock_cancellation(
    cancellation: Cancellation | int,
) -> tuple[Licence, Cancellation]:
    pk = cancellation.pk if isinstance(cancellation, Cancellation) else cancellation
    licence_id = Cancellation.objects.values_list("licence_id", flat=True).get(pk=pk)
    licence = _lock_licence(licence_id)
    locked = Cancellation.objects.select_for_update(no_key=True).get(pk=pk)
    locked.licence = licence
    return licence, locked


@transaction.atomic
def cancellation_cancel_locally(
    *,
    cancellation: Cancellation | int,
    notice_number: str,
    cancelled_on: datetime.date,
    actor: User | None,
) -> Cancellation:
    """This bureau issued the licence: cancel it and set the publicity deadline."""
    licence, locked = _lock_cancellation(cancellation)
    notice_number = _require_text(notice_number, str(_("注销通知书文号")))
    due = add_working_days(cancelled_on, _policy().publicity_working_days).due
    from_state = _apply(
        locked,
        "cancel_locally",
        str(_("注销")),
        notice_number=notice_number,
        cancelled_on=cancelled_on,
        publicity_due=due,
    )
    locked.licence = licence_cancel(
        licence=licence,
        actor=actor,
        ground=locked.ground,
        reason=locked.reason,
        reference=notice_number,
    )
    _event(
        record=locked,
        licence=licence,
        action="cancel",
        actor=actor,
        from_state=from_state,
        note=notice_number,
    )
    return locked


@transaction.atomic
def cancellation_record_publicity(
    *,
    cancellation: Cancellation | int,
    published_on: datetime.date,
    reference: str,
    actor: User,
) -> Cancellation:
    licence, locked = _lock_cancellation(cancellation)
    return _record_publicity(locked, licence, published_on, reference, actor)


@transaction.atomic
def referral_open(
    *,
    cancellations: Iterable[Cancellation],
    to_authority: OrganisationUnit,
    actor: User,
) -> Referral:
    """One letter for many licences of the same issuing authority."""
    cancellations = list(cancellations)
    referral = Referral(to_authority=to_authority, initiated_by=actor)
    referral.full_clean()
    referral.save()
    for cancellation in sorted(cancellations, key=lambda c: c.licence_id):
        licence, locked = _lock_cancellation(cancellation)
        if licence.is_locally_issued:
            raise ValidationError(
                REFERRAL_NOT_EXTERNAL, params={"number": licence.number}
            )
        if licence.issuing_authority_id != to_authority.pk:
            raise ValidationError(REFERRAL_MIXED_AUTHORITIES)
        from_state = _apply(locked, "refer", str(_("上报省局")), referral=referral)
        _event(
            record=locked,
            licence=licence,
            action="refer",
            actor=actor,
            from_state=from_state,
        )
    return referral


def _lock_referral(referral: Referral | int) -> Referral:
    pk = referral.pk if isinstance(referral, Referral) else referral
    return Referral.objects.select_for_update(no_key=True).get(pk=pk)


def _referral_event(
    referral: Referral, action: str, actor, from_state: str, note: str = ""
):
    # One row at a time: each row is also an audit entry (licensing.audit_feed), and
    # bulk_create sends no post_save. A letter lists a few dozen licences at most.
    for licence_id in referral.cancellations.values_list("licence_id", flat=True):
        WithdrawalEvent.objects.create(
            licence_id=licence_id,
            referral=referral,
            action=action,
            from_state=from_state,
            to_state=referral.state,
            actor=actor,
            note=note,
        )


@transaction.atomic
def referral_record_issue(
    *,
    referral: Referral | int,
    number: str,
    issued_on: datetime.date,
    actor: User | None,
) -> Referral:
    locked = _lock_referral(referral)
    number = _require_text(number, str(_("函件文号")))
    from_state = _apply(
        locked, "issue", str(_("制发上报函")), number=number, issued_on=issued_on
    )
    _referral_event(locked, "issue_letter", actor, from_state, number)
    return locked


@transaction.atomic
def referral_record_sending(
    *, referral: Referral | int, sent_on: datetime.date, method: str, actor: User
) -> Referral:
    locked = _lock_referral(referral)
    _require_past_date(sent_on, str(_("报送日期")))
    method = _require_text(method, str(_("报送方式")))
    due = add_working_days(sent_on, _policy().province_reply_working_days).due
    from_state = _apply(
        locked,
        "send",
        str(_("报送")),
        sent_on=sent_on,
        service_method=method,
        reply_due=due,
    )
    _referral_event(locked, "send_letter", actor, from_state, method)
    return locked


@transaction.atomic
def referral_record_follow_up(
    *, referral: Referral | int, followed_up_on: datetime.date, note: str, actor: User
) -> Referral:
    locked = _lock_referral(referral)
    _require_past_date(followed_up_on, str(_("催办日期")))
    note = _require_text(note, str(_("催办情况")))
    from_state = _apply(
        locked,
        "record_follow_up",
        str(_("催办")),
        followed_up_on=followed_up_on,
        note=note,
    )
    _referral_event(locked, "follow_up", actor, from_state, note)
    return locked


@transaction.atomic
def cancellation_record_province_decision(
    *,
    cancellation: Cancellation | int,
    accepted: bool,
    decided_on: datetime.date,
    actor: User,
    decision_number: str = "",
    rejection_reason: str = "",
) -> tuple[Cancellation, bool]:
    """Record the province's answer for one referred licence. Returns the cancellation and
    whether its referral is now fully answered."""
    _check_perm(actor, "licensing.record_province_decision", str(_("登记省局决定")))
    licence, locked = _lock_cancellation(cancellation)
    if locked.referral and locked.referral.state != ReferralState.SENT:
        # The province answers a letter it has received; an answer recorded earlier
        # would leave the referral waiting for replies that have already come.
        raise ValidationError(PROVINCE_DECISION_BEFORE_SENDING)
    _require_past_date(decided_on, str(_("省局决定日期")))
    if (
        locked.referral
        and locked.referral.sent_on
        and decided_on < locked.referral.sent_on
    ):
        raise ValidationError(
            DATE_BEFORE, params={"field": _("省局决定日期"), "other": _("报送日期")}
        )
    if accepted:
        decision_number = _require_text(decision_number, str(_("省局决定文号")))
        from_state = _apply(
            locked,
            "record_province_acceptance",
            str(_("登记省局注销决定")),
            number=decision_number,
            decided_on=decided_on,
            recorded_by=actor,
        )
        locked.licence = licence_record_external_cancellation(
            licence=licence,
            actor=actor,
            ground=locked.ground,
            reason=locked.reason,
            reference=decision_number,
        )
        note = decision_number
    else:
        rejection_reason = _require_text(rejection_reason, str(_("不予注销理由")))
        from_state = _apply(
            locked,
            "record_province_rejection",
            str(_("登记省局不予注销")),
            reason=rejection_reason,
            decided_on=decided_on,
            recorded_by=actor,
        )
        note = rejection_reason
    _event(
        record=locked, licence=licence, action="province_decision", actor=actor,
        from_state=from_state, note=note,
    )  # fmt: skip
    fully_answered = False
    if locked.referral_id:
        referral = _lock_referral(locked.referral_id)
        waiting = referral.cancellations.filter(
            state=CancellationState.REFERRED
        ).exists()
        if not waiting and can_proceed(referral.complete):
            referral.complete(answered_on=decided_on)
            referral.full_clean()
            referral.save()
            fully_answered = True
    return locked, fully_answered


# --- Planning many cancellations at once ------------------------------------------


@dataclass(frozen=True)
class CancellationPlanRow:
    licence: Licence
    outcome: str  # "local", "referral" or "refused"
    message: str

    @property
    def is_refused(self) -> bool:
        return self.outcome == "refused"


def cancellations_plan(
    *, licences: Iterable[Licence], ground: str
) -> list[CancellationPlanRow]:
    """What starting cancellations on these licences would do to each, writing nothing.

    One query per batch for open withdrawals, whatever the number of licences.
    """
    licences = list(licences)
    ids = [lic.pk for lic in licences]
    blocked = dict(
        Revocation.objects.filter(
            licence_id__in=ids, state__in=REVOCATION_BLOCKING_STATES
        ).values_list("licence_id", "state")
    )
    blocked.update(
        Cancellation.objects.filter(
            licence_id__in=ids, state__in=CANCELLATION_OPEN_STATES
        ).values_list("licence_id", "state")
    )
    rows = []
    for licence in licences:
        refusal = None
        if licence.pk in blocked:
            refusal = ValidationError(
                WITHDRAWAL_ALREADY_OPEN,
                params={"number": licence.number, "what": _("撤销或注销")},
            )
        else:
            # The open-withdrawal check was done above for the whole batch.
            refusal = _cancellation_refusal(licence, ground, check_open=False)
        if refusal is not None:
            rows.append(
                CancellationPlanRow(licence, "refused", " ".join(refusal.messages))
            )
        elif licence.is_locally_issued:
            rows.append(
                CancellationPlanRow(
                    licence, "local", str(_("本局注销并制发注销通知书"))
                )
            )
        else:
            rows.append(
                CancellationPlanRow(
                    licence,
                    "referral",
                    str(
                        _("上报%(authority)s注销")
                        % {"authority": licence.issuing_authority.name}
                    ),
                )
            )
    return rows
