"""Time-driven work: what `manage.py workflow_timers` runs each tick.

Each job is safe to repeat and to run from several dispatchers: viewflow re-checks each
timer under its process lock, and the bureau's jobs are idempotent updates.
"""

import datetime

from django.utils import timezone
from viewflow.workflow.timers import (
    fire_due_conditions,
    fire_due_start_timers,
    fire_due_timers,
)

from documents.services import documents_render_pending
from enforcement.services import case_alerts_raise, evidence_measures_lapse_due
from licensing.services import licences_expire_due

from .deadlines import task_deadlines_escalate
from .papers import papers_issue_pending
from .penalty_case.papers import papers_retry_pending

# A paper not rendered this long after its step committed missed its after-commit
# render (a crash, a restart); render it now.
RENDER_RETRY_AFTER = datetime.timedelta(minutes=5)


def run_due_timers(*, today: datetime.date | None = None) -> dict[str, int]:
    from . import flows  # noqa: F401  (registers the flows' paper steps)

    today = today or timezone.localdate()
    return {
        "timers_fired": fire_due_timers(),
        "processes_started": fire_due_start_timers(),
        "conditions_fired": fire_due_conditions(),
        "licences_expired": licences_expire_due(today=today),
        "tasks_escalated": task_deadlines_escalate(today=today),
        "evidence_preservations_lapsed": evidence_measures_lapse_due(today=today),
        "case_alerts_raised": case_alerts_raise(today=today),
        "case_papers_issued": papers_retry_pending(
            older_than=datetime.timedelta(minutes=5)
        ),
        "papers_issued": papers_issue_pending(),
        "papers_rendered": documents_render_pending(older_than=RENDER_RETRY_AFTER)[0],
    }
