"""Task deadlines: set when a task is created, escalated by `workflow_timers` once past."""

import datetime

from django.db import transaction
from django.utils import timezone

from deadlines.calendar import Deadline

from .models import TaskDeadline


def task_deadline_set(*, task, deadline: Deadline, basis: str) -> TaskDeadline:
    record, _ = TaskDeadline.objects.update_or_create(
        task=task,
        defaults={
            "due_on": deadline.due,
            "unit": deadline.unit,
            "basis": basis,
            "estimated": deadline.estimated,
        },
    )
    return record


def task_deadlines_escalate(*, today: datetime.date | None = None) -> int:
    """Mark open tasks past their deadline as escalated; heads see them on their home
    page. Returns how many were escalated this run."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return TaskDeadline.objects.filter(
            due_on__lt=today,
            escalated_at__isnull=True,
            task__finished__isnull=True,
        ).update(escalated_at=timezone.now())
