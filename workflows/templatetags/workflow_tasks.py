"""What every task page shows above its form: from when the task can be done, and the
papers it serves (`workflows.nodes.tasks_not_yet`, `workflows.papers.task_papers`)."""

from django import template
from django.utils import timezone

from ..nodes import tasks_not_yet
from ..papers import task_papers as papers_of_task

register = template.Library()


def _task(context):
    activation = getattr(context.get("request"), "activation", None)
    task = getattr(activation, "task", None)
    return task if task is not None and task.pk else None


@register.simple_tag(takes_context=True)
def task_not_yet(context, form=None):
    """The task's NotYet, unless the form already shows the refusal of the same rule
    (a submitted form): each message once."""
    task = _task(context)
    if task is None:
        return None
    not_yet = tasks_not_yet([task], today=timezone.localdate()).get(task.pk)
    if not_yet and form is not None:
        codes = {error.code for error in form.non_field_errors().as_data()}
        if not_yet.code in codes:
            return None
    return not_yet


@register.simple_tag(takes_context=True)
def task_papers(context):
    task = _task(context)
    if task is None:
        return []
    return papers_of_task(
        node=task.flow_task, record=task.process.artifact, user=context["request"].user
    )
