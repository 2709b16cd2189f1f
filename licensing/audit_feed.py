"""Licensing's events into the audit trail: every LicenceEvent and WithdrawalEvent
row is one entry (who, when, which record, state before and after, why)."""

from django.db.models.signals import post_save

from audit_trail.actions import action_labels_register
from audit_trail.models import AuditCategory
from audit_trail.services import audit_record

from .grounds import CancellationGround, RevocationGround, WithdrawalGround
from .models import Licence, LicenceEvent, LicenceState, WithdrawalEvent

_GROUNDS = {
    **dict(RevocationGround.choices),
    **dict(WithdrawalGround.choices),
    **dict(CancellationGround.choices),
}


def _state_label(choices, value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _licence_transition_labels() -> dict:
    labels = {}
    for name in dir(Licence):
        fsm = getattr(getattr(Licence, name, None), "_django_fsm", None)
        for t in getattr(fsm, "transitions", {}).values():
            labels[f"licence.{name}"] = t.custom.get("label", name)
    return labels


def _on_licence_event(sender, instance: LicenceEvent, created, raw=False, **kwargs):
    if not created or raw:
        return
    after = {"状态": _state_label(LicenceState.choices, instance.to_state)}
    if instance.ground:
        after["法定情形"] = str(_GROUNDS.get(instance.ground, instance.ground))
    if instance.reference:
        after["文号"] = instance.reference
    audit_record(
        action=f"licence.{instance.transition}",
        category=AuditCategory.BUSINESS,
        actor=instance.actor,
        target=instance.licence,
        before={"状态": _state_label(LicenceState.choices, instance.from_state)},
        after=after,
        reason=instance.reason,
        occurred_at=instance.occurred_at,
    )


def _withdrawal_record(event: WithdrawalEvent):
    return event.revocation or event.cancellation or event.referral or event.licence


def _on_withdrawal_event(
    sender, instance: WithdrawalEvent, created, raw=False, **kwargs
):
    if not created or raw:
        return
    record = _withdrawal_record(instance)
    choices = record._meta.get_field("state").choices or []
    audit_record(
        action=f"withdrawal.{instance.action}",
        category=AuditCategory.BUSINESS,
        actor=instance.actor,
        target=record,
        before={"状态": _state_label(choices, instance.from_state)},
        after={
            "状态": _state_label(choices, instance.to_state),
            "许可证": str(instance.licence),
        },
        reason=instance.note,
        occurred_at=instance.occurred_at,
    )


def licensing_audit_connect() -> None:
    action_labels_register(_licence_transition_labels())
    post_save.connect(
        _on_licence_event, sender=LicenceEvent, dispatch_uid="audit_licence_event"
    )
    post_save.connect(
        _on_withdrawal_event,
        sender=WithdrawalEvent,
        dispatch_uid="audit_withdrawal_event",
    )
