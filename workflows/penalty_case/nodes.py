"""Flow nodes with the penalty procedure's own rule about who may take a task."""

from django.db import transaction
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.handle import HandleActivation


class NotInvestigatorView(flow.View):
    """A review, approval or hearing task the case's investigators may not take
    (行政处罚法 Art. 64(4); 办案人员不得审核本案). Nor may whoever registered the lead
    approve its filing. The ids are kept in `process.data` so the check costs no query
    per inbox row; the services check the same rule against the database."""

    def _excluded(self, user, task) -> bool:
        data = task.process.data or {}
        pk = getattr(user, "pk", None)
        return pk in data.get("investigator_ids", []) or pk == data.get("initiator_id")

    def can_assign(self, user, task):
        return not self._excluded(user, task) and super().can_assign(user, task)

    def can_execute(self, user, task):
        return not self._excluded(user, task) and super().can_execute(user, task)


class PaperActivation(HandleActivation):
    """Creating the task schedules its paper for after the commit: the paper is made
    from the case as the step committed it, and a paper that cannot be made never
    undoes the officer's step (the task waits and is retried)."""

    @Activation.status.super()
    def activate(self):
        task_pk = self.task.pk

        def issue():
            from .papers import paper_task_issue

            paper_task_issue(task_pk=task_pk)

        transaction.on_commit(issue)


class Paper(flow.Handle):
    """An official paper issued at this step of the flow.

    `issue(case)` makes the paper (after the step committed); `record(activation,
    document)` is a flow method that writes its number on the case and lets the flow
    go on. A paper that could not be made (its context lacks something) leaves the
    task open with the reason in `task.data["paper_error"]`; the case page and
    `workflow_timers` retry it."""

    activation_class = PaperActivation
    task_type = "FUNCTION"

    def __init__(self, issue, record, **kwargs):
        super().__init__(record, **kwargs)
        self._issue = issue

    def issue(self, case):
        return self._issue(case=case)
