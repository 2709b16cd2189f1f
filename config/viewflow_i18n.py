"""viewflow names steps after their attribute in two places no template reaches: the
step filter of its task archives ("行政处罚案件/Filing_Approval") and a node's str()
("Filing Approval"). The filter is pointed at the step's title here (viewflow itself
marks this function "TODO add Node.task_name/label method"); templates that printed a
node print its `task_title` (templates/viewflow/)."""

from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow.views import filters


def flow_task_choices(queryset) -> list[tuple[str, str]]:
    """The steps of the tasks in a list, named as the flow names them."""
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


filters.get_queryset_flow_task_choices = flow_task_choices
