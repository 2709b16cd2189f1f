"""Task deadlines: set when a task is created, escalated by `workflow_timers` once past.

The basis (the period and the statute behind it) is stored in the language of record,
Chinese, like the papers: it is shown to every officer who opens the task, whatever
language the officer who created it had on screen.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from deadlines.calendar import Deadline
from documents.language import document_language

from .models import TaskDeadline


def task_deadline_set(
    *,
    task,
    deadline: Deadline,
    basis,
    params: dict | None = None,
    paused: bool = False,
) -> TaskDeadline:
    """`basis` is a lazy translation (or plain text) and `params` fill its
    placeholders; both are rendered here, in the language of record. `paused`: the
    period is not running (a suspended case), so the task cannot fall late."""
    with document_language():
        basis = str(basis) % params if params else str(basis)
    record, _ = TaskDeadline.objects.update_or_create(
        task=task,
        defaults={
            "due_on": deadline.due,
            "unit": deadline.unit,
            "basis": basis,
            "estimated": deadline.estimated,
            "paused": paused,
        },
    )
    return record


def task_late_q(today: datetime.date, *, prefix: str = "") -> Q:
    """Deadlines past `today` whose period is running: the one rule for "overdue"
    (escalation, inboxes, dashboards). `prefix` reaches them from tasks ("deadline__")."""
    return Q(**{f"{prefix}due_on__lt": today, f"{prefix}paused": False})


def task_deadlines_escalate(*, today: datetime.date | None = None) -> int:
    """Mark open tasks past their deadline as escalated; heads see them on their home
    page. Returns how many were escalated this run."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return TaskDeadline.objects.filter(
            task_late_q(today),
            escalated_at__isnull=True,
            task__finished__isnull=True,
        ).update(escalated_at=timezone.now())
