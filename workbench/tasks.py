"""Inbox rows: a user's own tasks and the tasks they may take, each with its deadline
and the working days left. Query count does not grow with the number of tasks."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.prefetch import GenericPrefetch
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from deadlines.calendar import WorkingCalendar, working_days_remaining
from enforcement.models import Case
from licensing.models import Cancellation, Referral, Revocation
from online_cleanup.models import ListingLead
from workflows.deadlines import task_late_q

WARN_WORKING_DAYS = 2


@dataclass
class InboxRow:
    task: Task
    mine: bool
    title: str
    process_title: str
    subject: str
    due_on: datetime.date | None
    basis: str
    remaining: int | None
    url: str
    paused: bool = False

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return -self.remaining if self.overdue else 0

    @property
    def warning(self) -> bool:
        return self.remaining is not None and 0 <= self.remaining <= WARN_WORKING_DAYS


def _tasks():
    return (
        Task.objects.filter(flow_task_type="HUMAN")
        .select_related("process", "deadline")
        .prefetch_related(
            GenericPrefetch(
                "process__artifact",
                [
                    Revocation.objects.select_related("licence__holder"),
                    Cancellation.objects.select_related("licence__holder"),
                    Referral.objects.select_related("to_authority"),
                    Case.objects.select_related("party"),
                    ListingLead.objects.all(),
                ],
            )
        )
    )


def _subject(artifact) -> str:
    if artifact is None:
        return ""
    if isinstance(artifact, Revocation | Cancellation):
        return f"{artifact.licence.number} · {artifact.licence.holder.name}"
    if isinstance(artifact, Case):
        return f"{artifact.title} · {artifact.get_state_display()}"
    if isinstance(artifact, ListingLead):
        return (
            f"{artifact.platform_name} · {artifact.shop_name} · {artifact.product_name}"
        )
    return str(artifact)


def inbox_rows(
    *, user, today: datetime.date, calendar: WorkingCalendar | None = None
) -> list[InboxRow]:
    calendar = calendar or WorkingCalendar.load()
    mine = list(
        _tasks()
        .filter(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED])
        .order_by("created")
    )
    permissions = user.get_all_permissions()
    queue_qs = _tasks().filter(status=STATUS.NEW, owner__isnull=True)
    if not user.is_superuser:
        queue_qs = queue_qs.filter(owner_permission__in=permissions)
    queue = [t for t in queue_qs.order_by("created") if t.flow_task.can_assign(user, t)]
    rows = []
    for task, is_mine in [(t, True) for t in mine] + [(t, False) for t in queue]:
        deadline = getattr(task, "deadline", None)
        paused = bool(deadline and deadline.paused)
        remaining = (
            working_days_remaining(deadline.due_on, today=today, calendar=calendar)
            if deadline and not paused
            else None
        )
        node = task.flow_task
        view = "execute" if is_mine else "assign"
        rows.append(
            InboxRow(
                task=task,
                mine=is_mine,
                title=str(node.task_title or node),
                process_title=str(node.flow_class.process_title),
                subject=_subject(task.process.artifact),
                due_on=deadline.due_on if deadline else None,
                basis=deadline.basis if deadline else "",
                remaining=remaining,
                url=node.reverse(view, args=[task.process_id, task.pk]),
                paused=paused,
            )
        )
    rows.sort(key=lambda r: (r.due_on or datetime.date.max, r.task.created))
    return rows


def overdue_rows(
    *, today: datetime.date, calendar: WorkingCalendar | None = None
) -> list[InboxRow]:
    """Every open task past its deadline (escalated to the heads)."""
    calendar = calendar or WorkingCalendar.load()
    tasks = (
        _tasks()
        .filter(task_late_q(today, prefix="deadline__"), finished__isnull=True)
        .select_related("owner")
        .order_by("deadline__due_on")
    )
    rows = []
    for task in tasks:
        node = task.flow_task
        rows.append(
            InboxRow(
                task=task,
                mine=False,
                title=str(node.task_title or node),
                process_title=str(node.flow_class.process_title),
                subject=_subject(task.process.artifact),
                due_on=task.deadline.due_on,
                basis=task.deadline.basis,
                remaining=working_days_remaining(
                    task.deadline.due_on, today=today, calendar=calendar
                ),
                url=node.flow_class.instance.reverse(
                    "process_detail", args=[task.process_id]
                ),
            )
        )
    return rows
