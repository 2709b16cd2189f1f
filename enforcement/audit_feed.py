"""Case events into the audit trail: every CaseEvent row is one entry (who, when,
which case, state before and after, the note)."""

from django.db.models.signals import post_save

from audit_trail.models import AuditCategory
from audit_trail.services import audit_record

from .models import CaseEvent, CaseState

_STATES = dict(CaseState.choices)


def _state(value: str) -> str:
    return str(_STATES.get(value, value)) if value else ""


def _on_case_event(sender, instance: CaseEvent, created, raw=False, **kwargs):
    if not created or raw:
        return
    audit_record(
        action=f"case.{instance.action}",
        category=AuditCategory.BUSINESS,
        actor=instance.actor,
        target=instance.case,
        before={"状态": _state(instance.from_state)},
        after={"状态": _state(instance.to_state)},
        reason=instance.note,
        occurred_at=instance.occurred_at,
    )


def enforcement_audit_connect() -> None:
    post_save.connect(_on_case_event, sender=CaseEvent, dispatch_uid="audit_case_event")
