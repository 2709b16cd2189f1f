"""viewflow's own task lists (收件箱, 任务队列 at /workflow/inbox/ and /workflow/queue/), bounded.

Their stock filter offers a drop-down of every process in the list: one option per
queued task, 3 MB of HTML at 10,000 tasks on every page of the queue. Here the lists
filter by step (named as the flow names it) and by date only, and show 25 rows a page."""

from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, DateRangeFilter, FilterSet
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow import WorkflowAppViewset
from viewflow.workflow.flow.views import WorkflowInboxListView, WorkflowQueueListView
from viewflow.workflow.models import Task

from .paging import PAGE_SIZE


def step_choices(queryset) -> list[tuple[str, str]]:
    """The steps of the tasks in the list (one query, as many rows as steps)."""
    nodes = queryset.order_by().values_list("flow_task", flat=True).distinct()
    choices = [
        (
            get_task_ref(node),
            f"{node.flow_class.process_title} · {node.task_title or node.name}",
        )
        for node in nodes
        if node is not None
    ]
    return sorted(choices, key=lambda choice: choice[1])


class TaskListFilter(FilterSet):
    flow_task = ChoiceFilter(label=_("环节"))
    created = DateRangeFilter(label=_("创建时间"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["flow_task"].field.choices = step_choices(self.queryset)

    class Meta:
        model = Task
        fields = ("flow_task", "created")


class InboxListView(WorkflowInboxListView):
    filterset_class = TaskListFilter
    paginate_by = PAGE_SIZE


class QueueListView(WorkflowQueueListView):
    filterset_class = TaskListFilter
    paginate_by = PAGE_SIZE


class BoundedWorkflowAppViewset(WorkflowAppViewset):
    """WorkflowAppViewset with the bounded inbox and queue (the flows' own lists are
    not routed under it)."""

    inbox_view_class = InboxListView
    queue_view_class = QueueListView
