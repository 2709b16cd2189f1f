"""Completing workflow tasks the way their web views do, for demo data.

A task view runs under the process lock in one transaction: it assigns the task when it
waits in a queue, starts it, calls one service and executes the activation. These helpers
do the same with the activation API, so the demo's records, tasks, deadlines, papers and
audit rows are the ones a user's clicks make. Nothing here writes a state field.
"""

from collections.abc import Callable
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

TASK_NOT_OPEN = "%(flow)s 流程 #%(process)s 没有待办的“%(node)s”任务。"


def open_task(process: Process, node_name: str) -> Task | None:
    node = getattr(process.flow_class, node_name)
    return (
        Task.objects.filter(
            process=process,
            flow_task=node,
            status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
        .order_by("pk")
        .first()
    )


def task_complete(
    process: Process, node_name: str, user, perform: Callable[[], object]
) -> object:
    """Take the open task of `node_name` as `user` and complete it with `perform` (the
    service the task's view calls). Returns what `perform` returned."""
    flow_class = process.flow_class
    node = getattr(flow_class, node_name)
    task = open_task(process, node_name)
    if task is None:
        raise LookupError(
            TASK_NOT_OPEN
            % {"flow": flow_class.__name__, "process": process.pk, "node": node_name}
        )
    with flow_class.lock(process.pk), transaction.atomic():
        task = Task.objects.select_related("process").get(pk=task.pk)
        activation = node.activation_class(task)
        if task.status == STATUS.NEW:
            if not node.can_assign(user, task):
                raise PermissionDenied(f"{user} may not take {node_name}")
            activation.assign(user)
        elif not node.can_execute(user, task):
            raise PermissionDenied(f"{user} may not execute {node_name}")
        activation.start(SimpleNamespace(user=user))
        result = perform()
        activation.execute()
    return result


def process_start(flow_class, user, perform: Callable[[Process], object]) -> Process:
    """Start a flow through its `start` view node as `user`: `perform(process)` calls
    the service the start view calls and sets the process's artifact and data."""
    node = flow_class.start
    activation = node.activation_class.create(node, None, None)
    if not node.can_execute(user, activation.task):
        raise PermissionDenied(f"{user} may not start {flow_class.__name__}")
    with transaction.atomic():
        activation.start(SimpleNamespace(user=user))
        perform(activation.process)
        activation.execute()
    return activation.process
