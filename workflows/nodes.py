"""Flow nodes with the bureau's own rules, and when a task can be done."""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from viewflow.workflow import flow

from chinese_formats.formats import date_cn
from deadlines.calendar import WorkingCalendar


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


# --- When a task can be done ---------------------------------------------------------


def day_label(value: datetime.date, *, today: datetime.date | None = None) -> str:
    """12月9日 in the current year, 2027年1月4日 otherwise (Dec. 9 / Jan. 4, 2027 on an
    English screen)."""
    today = today or timezone.localdate()
    if value.year != today.year:
        return date_cn(value)
    if translation.get_language() and not translation.get_language().startswith("zh"):
        return formats.date_format(value, "MONTH_DAY_FORMAT")
    return f"{value.month}月{value.day}日"


@dataclass(frozen=True)
class NotYet:
    """A task whose step the law does not allow yet: from which day, and why.

    `code` and `refusal` are the code and the words of the refusal the service gives
    for the same rule, so a page that shows the refusal does not show this notice
    beside it, nor the refusal again where it shows this notice."""

    on: datetime.date
    reason: str
    code: str
    refusal: str = ""

    def __str__(self) -> str:
        return gettext("%(date)s起可以办理：%(reason)s") % {
            "date": day_label(self.on),
            "reason": self.reason,
        }


# Each provider reads the tasks of its flows (a list, with their processes and
# artifacts loaded) and returns {task pk: NotYet} for those that must wait, in a fixed
# number of queries whatever the number of tasks.
NOT_YET_PROVIDERS = ["workflows.penalty_case.availability.case_tasks_not_yet"]


def tasks_not_yet(
    tasks, *, today: datetime.date, calendar: WorkingCalendar | None = None
) -> dict[int, NotYet]:
    found: dict[int, NotYet] = {}
    tasks = list(tasks)
    for path in NOT_YET_PROVIDERS:
        found.update(import_string(path)(tasks, today=today, calendar=calendar))
    return found
