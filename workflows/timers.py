"""Time-driven work: what `manage.py workflow_timers` runs each tick.

Each job is a service call that is safe to repeat; the command runs them in order and
reports counts. Later capabilities register their deadline escalations here.
"""

import datetime

from django.utils import timezone

from licensing.services import licences_expire_due


def run_due_timers(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {"licences_expired": licences_expire_due(today=today)}
