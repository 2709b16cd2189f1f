"""Driving viewflow processes through the web views, as the users click them."""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS


def open_task(process, node_name: str) -> Task:
    """The open task of a node (looked up, never hard-coded: sequences differ)."""
    return Task.objects.get(
        process=process,
        flow_task=getattr(process.flow_class, node_name),
        status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED, STATUS.SCHEDULED],
    )


def task_url(task, view: str) -> str:
    return task.flow_task.reverse(view, args=[task.process_id, task.pk])


def assign(client, task):
    response = client.post(task_url(task, "assign"))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def execute(client, task, data, *, expect_ok=True):
    response = client.post(task_url(task, "execute"), data)
    if expect_ok:
        assert response.status_code == 302, _errors(response)
    return response


def take_and_execute(client, process, node_name, data):
    task = open_task(process, node_name)
    if task.status == STATUS.NEW:
        assign(client, task)
    return execute(client, open_task(process, node_name), data)


def _errors(response) -> str:
    context = getattr(response, "context", None)
    if context and "form" in context:
        return str(context["form"].errors)
    return response.content.decode()[:2000]
