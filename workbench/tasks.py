"""Inbox rows: a user's own tasks and the tasks they may take, each with its deadline
and the time left in the unit of its period (working or natural days).

The inbox is a page of rows, never the whole queue: counting, ordering and slicing are
done by the database, so the number of queries and the size of the page do not grow
with the number of open tasks. Only the queue tasks of nodes that add their own rule
(four eyes, not the case's own investigators) are checked one by one, from the task and
its process alone."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Page, Paginator
from django.db.models import F, Q
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.models import Task
from viewflow.workflow.nodes import View as ViewNode
from viewflow.workflow.status import STATUS

from deadlines.calendar import NATURAL, WorkingCalendar, working_days_remaining
from enforcement.models import Case
from licensing.models import Cancellation, Referral, Revocation
from online_cleanup.models import ListingLead
from workflows.deadlines import task_late_q
from workflows.nodes import tasks_not_yet

WARN_WORKING_DAYS = 2
# Rows on the home page; the rest are on the inbox pages (INBOX_PAGE_SIZE a page).
HOME_ROWS = 10
INBOX_PAGE_SIZE = 25

SHOW_ALL, SHOW_MINE, SHOW_QUEUE = "all", "mine", "queue"


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
    # The period's unit (deadlines.calendar.WORKING or NATURAL): `remaining` counts
    # working days for a working-day period and natural days for a natural-day one.
    unit: str = ""
    working_remaining: int | None = None
    # From when the law allows the task, while it does not yet (workflows.nodes.NotYet).
    not_yet: object = None

    @property
    def natural(self) -> bool:
        return self.unit == NATURAL

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return -self.remaining if self.overdue else 0

    @property
    def warning(self) -> bool:
        """Two working days or fewer left, whatever the period's unit."""
        left = self.working_remaining
        if left is None:
            left = self.remaining
        return left is not None and not self.overdue and left <= WARN_WORKING_DAYS


@dataclass
class InboxPage:
    """One page of a user's inbox, with what the whole inbox holds."""

    rows: list[InboxRow]
    page: Page
    mine_count: int
    queue_count: int
    show: str = SHOW_ALL

    @property
    def total(self) -> int:
        return self.page.paginator.count

    @property
    def more(self) -> int:
        """Rows of the inbox not on this page."""
        return self.total - len(self.rows)


def _tasks():
    return Task.objects.filter(flow_task_type="HUMAN")


def _with_subjects(qs):
    return qs.select_related("process", "deadline").prefetch_related(
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


def _remaining(deadline, *, today, calendar) -> tuple[int | None, int | None]:
    """(time left in the period's unit, working days left); None while paused."""
    if deadline is None or deadline.paused:
        return None, None
    working = working_days_remaining(deadline.due_on, today=today, calendar=calendar)
    if deadline.unit == NATURAL:
        return (deadline.due_on - today).days, working
    return working, working


def _row(task, *, mine: bool, today, calendar, url: str | None = None) -> InboxRow:
    deadline = getattr(task, "deadline", None)
    remaining, working = _remaining(deadline, today=today, calendar=calendar)
    node = task.flow_task
    if url is None:
        view = "execute" if mine else "assign"
        url = node.reverse(view, args=[task.process_id, task.pk])
    return InboxRow(
        task=task,
        mine=mine,
        title=str(node.task_title or node),
        process_title=str(node.flow_class.process_title),
        subject=_subject(task.process.artifact),
        due_on=deadline.due_on if deadline else None,
        basis=deadline.basis if deadline else "",
        remaining=remaining,
        url=url,
        paused=bool(deadline and deadline.paused),
        unit=deadline.unit if deadline else "",
        working_remaining=working,
    )


def _has_own_rule(node) -> bool:
    """Nodes whose `can_assign` adds a rule to the permission (FourEyesView,
    NotInvestigatorView)."""
    return type(node).can_assign is not ViewNode.can_assign


def _queue_q(user) -> Q:
    return Q(
        status=STATUS.NEW,
        owner__isnull=True,
        owner_permission__in=user.get_all_permissions(),
    )


def _queue_excluded(user, queue_q: Q) -> list[int]:
    """Queue tasks the permission lets the user take but a node's own rule does not.
    Checked with the node's `can_assign` on the task and its process (no artifact):
    only the queued tasks of such steps are read, a few columns each."""
    # One row per step (no default ordering, which would add `created` to DISTINCT).
    refs = (
        _tasks().filter(queue_q).order_by().values_list("flow_task", flat=True)
    ).distinct()
    ruled = [get_task_ref(node) for node in refs if node and _has_own_rule(node)]
    if not ruled:
        return []
    candidates = (
        _tasks()
        .filter(queue_q, flow_task__in=ruled)
        .select_related("process")
        .only("id", "flow_task", "owner", "owner_permission", "process__data")
    )
    return [t.pk for t in candidates if not t.flow_task.can_assign(user, t)]


def _mine_q(user) -> Q:
    return Q(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED])


def inbox_page(
    *,
    user,
    today: datetime.date,
    calendar: WorkingCalendar | None = None,
    show: str = SHOW_ALL,
    page: int | str | None = 1,
    per_page: int = INBOX_PAGE_SIZE,
) -> InboxPage:
    """A page of the user's tasks (`show`: all, mine, or the queue they may take),
    earliest deadline first (tasks without one last, then by creation)."""
    calendar = calendar or WorkingCalendar.load()
    mine_q, queue_q = _mine_q(user), _queue_q(user)
    excluded = _queue_excluded(user, queue_q)
    queue_qs = _tasks().filter(queue_q).exclude(pk__in=excluded)
    mine_qs = _tasks().filter(mine_q)
    mine_count, queue_count = mine_qs.count(), queue_qs.count()
    if show == SHOW_MINE:
        qs, count = mine_qs, mine_count
    elif show == SHOW_QUEUE:
        qs, count = queue_qs, queue_count
    else:
        show = SHOW_ALL
        qs = _tasks().filter(mine_q | (queue_q & ~Q(pk__in=excluded)))
        count = mine_count + queue_count
    qs = qs.order_by(F("deadline__due_on").asc(nulls_last=True), "created", "pk")
    paginator = Paginator(qs, per_page)
    # The counts are known: the paginator need not count again.
    paginator.count = count
    page_obj = paginator.get_page(page)
    tasks = []
    if count:
        first = page_obj.start_index() - 1
        tasks = list(_with_subjects(qs)[first : page_obj.end_index()])
    page_obj.object_list = tasks
    rows = [
        _row(task, mine=task.owner_id == user.pk, today=today, calendar=calendar)
        for task in tasks
    ]
    not_yet = tasks_not_yet(tasks, today=today, calendar=calendar)
    for row in rows:
        row.not_yet = not_yet.get(row.task.pk)
    return InboxPage(
        rows=rows,
        page=page_obj,
        mine_count=mine_count,
        queue_count=queue_count,
        show=show,
    )


def inbox_rows(
    *, user, today: datetime.date, calendar: WorkingCalendar | None = None
) -> list[InboxRow]:
    """The first page of the user's inbox (HOME_ROWS rows)."""
    return inbox_page(
        user=user, today=today, calendar=calendar, per_page=HOME_ROWS
    ).rows


def overdue_count(*, today: datetime.date) -> int:
    return (
        _tasks()
        .filter(task_late_q(today, prefix="deadline__"), finished__isnull=True)
        .count()
    )


def overdue_rows(
    *,
    today: datetime.date,
    calendar: WorkingCalendar | None = None,
    limit: int = HOME_ROWS,
) -> list[InboxRow]:
    """The open tasks longest past their deadline (escalated to the heads), at most
    `limit`; the full list is the dashboard's overdue-task records."""
    calendar = calendar or WorkingCalendar.load()
    tasks = (
        _with_subjects(_tasks())
        .filter(task_late_q(today, prefix="deadline__"), finished__isnull=True)
        .select_related("owner")
        .order_by("deadline__due_on", "pk")[:limit]
    )
    return [
        _row(
            task,
            mine=False,
            today=today,
            calendar=calendar,
            url=task.flow_task.flow_class.instance.reverse(
                "process_detail", args=[task.process_id]
            ),
        )
        for task in tasks
    ]
