"""viewflow's list of a flow's processes, newest first.

Its stock list counts each process's open tasks (an aggregate, so the model's default
ordering does not apply) and pages the result unordered: Django warns, and a process
could show on two pages or none."""

from viewflow.workflow.flow import FlowViewset
from viewflow.workflow.flow.views import DashboardProcessListView


class ProcessListView(DashboardProcessListView):
    ordering = ("-created", "-pk")


class BureauFlowViewset(FlowViewset):
    process_list_view_class = ProcessListView
