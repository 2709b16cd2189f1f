"""Penalty-case tasks the law does not allow yet, and from when: the same clocks the
services' gates use (`enforcement.clocks`), read for many tasks at once (an inbox)."""

import datetime

from django.utils.translation import gettext as _

from chinese_formats.formats import date_cn
from deadlines.calendar import WorkingCalendar
from enforcement.clocks import decision_allowed_from, hearing_allowed_from
from enforcement.models import Case, Hearing
from enforcement.services.case_decision import (
    DECISION_WINDOW_OPEN,
    HEARING_BEFORE_SCHEDULE,
)

from ..nodes import NotYet, day_label

DECISION_TASKS = {"decide", "collective_discussion"}
HEARING_TASKS = {"hold_hearing"}


def _case_tasks(tasks, names: set[str]) -> list:
    from .flows import PenaltyCaseFlow

    return [
        t
        for t in tasks
        if t.flow_task.flow_class is PenaltyCaseFlow
        and t.flow_task.name in names
        and isinstance(t.process.artifact, Case)
    ]


def decision_not_yet(
    case: Case, *, today: datetime.date, calendar: WorkingCalendar | None = None
) -> NotYet | None:
    """行政处罚法 Art. 62: the penalty decision waits for the statement window."""
    on = decision_allowed_from(case, today=today, calendar=calendar)
    if on is None:
        return None
    return NotYet(
        on=on,
        reason=_("陈述申辩期至%(date)s届满")
        % {"date": day_label(case.statement_due, today=today)},
        code="window",
        refusal=str(DECISION_WINDOW_OPEN) % {"date": date_cn(case.statement_due)},
    )


def hearing_not_yet(hearing: Hearing, *, today: datetime.date) -> NotYet | None:
    """The hearing is held, and recorded, on the day it was notified for."""
    on = hearing_allowed_from(hearing.scheduled_at, today=today)
    if on is None:
        return None
    return NotYet(
        on=on,
        reason=_("听证定于%(date)s举行") % {"date": day_label(on, today=today)},
        code="early",
        refusal=str(HEARING_BEFORE_SCHEDULE) % {"date": date_cn(on)},
    )


def case_tasks_not_yet(
    tasks, *, today: datetime.date, calendar: WorkingCalendar | None = None
) -> dict[int, NotYet]:
    """{task pk: NotYet} for the penalty-case tasks among `tasks` (their processes'
    artifacts loaded) that must wait; one query for all their hearings."""
    found = {}
    for task in _case_tasks(tasks, DECISION_TASKS):
        not_yet = decision_not_yet(
            task.process.artifact, today=today, calendar=calendar
        )
        if not_yet:
            found[task.pk] = not_yet
    hearing_tasks = _case_tasks(tasks, HEARING_TASKS)
    if hearing_tasks:
        cases = {t.process.artifact.pk: t.process.artifact for t in hearing_tasks}
        hearings = {
            h.case_id: h
            for h in Hearing.objects.filter(case__in=list(cases))
            if h.round == cases[h.case_id].round
        }
        for task in hearing_tasks:
            hearing = hearings.get(task.process.artifact.pk)
            not_yet = hearing and hearing_not_yet(hearing, today=today)
            if not_yet:
                found[task.pk] = not_yet
    return found
