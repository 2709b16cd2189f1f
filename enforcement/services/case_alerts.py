"""Warnings before a case clock runs out and escalations once it has (run by
`workflow_timers`). Each alert is raised once per clock, due date and level; a due date
that moves (a pause, an extension) raises afresh."""

import datetime

from django.utils import timezone

from deadlines.calendar import WorkingCalendar

from ..clocks import case_clocks
from ..models import CASE_FINISHED_STATES, Case, CaseAlert, CaseState, PenaltyPolicy


def case_alerts_raise(
    *, today: datetime.date | None = None, calendar: WorkingCalendar | None = None
) -> int:
    """Returns how many new alerts were raised."""
    from .case_execution import case_account

    today = today or timezone.localdate()
    calendar = calendar or WorkingCalendar.load()
    policy = PenaltyPolicy.current()
    cases = (
        Case.objects.exclude(state__in=CASE_FINISHED_STATES)
        .exclude(state=CaseState.LEAD)
        .prefetch_related("pauses", "extensions", "evidence_measures")
    )
    raised = 0
    for case in cases.iterator(chunk_size=200):
        schedule_due = (
            case_account(case, as_of=today).next_due
            if case.state == CaseState.ENFORCEMENT
            else None
        )
        clocks = case_clocks(
            case=case,
            pauses=list(case.pauses.all()),
            extensions=list(case.extensions.all()),
            measures=list(case.evidence_measures.all()),
            schedule_due=schedule_due,
            policy=policy,
            today=today,
            calendar=calendar,
        )
        for clock in clocks:
            if clock.paused:
                # Its due date moves a day with every paused day: nothing is running
                # out, and warning afresh each day would only be noise.
                continue
            if clock.overdue:
                level = CaseAlert.Level.OVERDUE
            elif clock.remaining <= policy.warning_days:
                level = CaseAlert.Level.WARNING
            else:
                continue
            _, created = CaseAlert.objects.get_or_create(
                case=case,
                clock=clock.key,
                due_on=clock.due,
                level=level,
                defaults={"label": clock.label},
            )
            raised += created
    return raised
