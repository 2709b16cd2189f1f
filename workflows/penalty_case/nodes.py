"""Flow nodes with the penalty procedure's own rule about who may take a task."""

from viewflow.workflow import flow


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
