"""Flow nodes with the bureau's own rules."""

from viewflow.workflow import flow


class FourEyesView(flow.View):
    """A task the process's initiator may not take: reviews and approvals are done by
    someone else (四眼原则). The initiator's id is kept in `process.data` so the check
    costs no query per task."""

    def _is_initiator(self, user, task) -> bool:
        return (task.process.data or {}).get("initiator_id") == getattr(
            user, "pk", None
        )

    def can_assign(self, user, task):
        return not self._is_initiator(user, task) and super().can_assign(user, task)

    def can_execute(self, user, task):
        return not self._is_initiator(user, task) and super().can_execute(user, task)
