"""Which period governs each human task of the case flows, computed by the calendar.

Called when a task is created, and again for the open tasks whenever a pause, a
resumption or an extension moves the decision clock (`starting.case_deadlines_refresh`).
The basis is written in the language of record (Chinese), whoever's screen is English.
"""

import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines.calendar import (
    NATURAL,
    WORKING,
    Deadline,
    WorkingCalendar,
    add_working_days,
)
from documents.language import document_language
from enforcement.clocks import decision_deadline
from enforcement.models import Case, PenaltyPolicy

# Tasks that must be done before the decision is due (行政处罚法 Art. 60).
DECISION_CLOCK_TASKS = {
    "investigate",
    "termination_approval",
    "legality_review",
    "serve_notice",
    "arrange_hearing",
    "hold_hearing",
    "re_examination",
    "decide",
    "collective_discussion",
}


class TaskPeriod(NamedTuple):
    """The period governing a task: its deadline, the basis, whether it is running."""

    deadline: Deadline
    basis: str
    paused: bool = False


def _stored(due: datetime.date, unit: str, start: datetime.date | None = None):
    start = start or timezone.localdate()
    return Deadline(start=start, days=0, unit=unit, due=due)


def deadline_for(
    node_name: str, case: Case, *, calendar: WorkingCalendar | None = None
) -> "TaskPeriod | None":
    with document_language():
        return _deadline_for(node_name, case, calendar=calendar)


def _deadline_for(
    node_name: str, case: Case, *, calendar: WorkingCalendar | None
) -> "TaskPeriod | None":
    policy = PenaltyPolicy.current()
    today = timezone.localdate()
    if node_name in ("verify", "filing_approval") and case.verification_due:
        return TaskPeriod(
            _stored(case.verification_due, WORKING, case.received_on),
            _("核查：收到材料之日起%(days)d个工作日%(extended)s")
            % {
                "days": policy.verification_working_days,
                "extended": _("，已延长") if case.verification_extended else "",
            },
        )
    if node_name == "case_review":
        days = policy.case_review_working_days
        return TaskPeriod(
            add_working_days(today, days, calendar=calendar),
            _("案件审核：收到审核材料之日起%(days)d个工作日") % {"days": days},
        )
    if node_name == "statement" and case.statement_due:
        return TaskPeriod(
            _stored(case.statement_due, WORKING, case.notice_served_on),
            _("陈述申辩：告知书送达之日起%(days)d个工作日")
            % {"days": policy.statement_working_days},
        )
    if node_name == "serve_decision" and case.service_due:
        return TaskPeriod(
            _stored(case.service_due, WORKING, case.decided_on),
            _("送达：决定之日起%(days)d个工作日")
            % {"days": policy.service_working_days},
        )
    if node_name == "publicity" and case.publicity_due:
        return TaskPeriod(
            _stored(case.publicity_due, WORKING, case.decided_on),
            _("公示：决定之日起%(days)d个工作日")
            % {"days": policy.publicity_working_days},
        )
    if node_name == "execution":
        from enforcement.services import case_account

        due = case_account(case, as_of=today).next_due
        if due:
            return TaskPeriod(
                _stored(due, NATURAL, case.decision_served_on),
                _("缴款：收到决定书之日起%(days)d日（延期、分期的按批准期限）")
                % {"days": policy.payment_natural_days},
            )
        return None
    if node_name == "file_decision":
        days = policy.summary_filing_working_days
        return TaskPeriod(
            add_working_days(case.decided_on or today, days, calendar=calendar),
            _("简易程序决定备案：%(days)d个工作日") % {"days": days},
        )
    if node_name in DECISION_CLOCK_TASKS and case.filed_on:
        pauses = list(case.pauses.all())
        deadline = decision_deadline(
            filed_on=case.filed_on,
            pauses=pauses,
            extensions=list(case.extensions.all()),
            policy=policy,
            today=today,
            calendar=calendar,
        )
        return TaskPeriod(
            deadline,
            _("作出处罚决定：立案之日起%(days)d日，不计中止、听证等期间")
            % {"days": policy.decision_natural_days},
            # While a pause is open the due date moves on with every day; the
            # pause's end refreshes it (starting.case_deadlines_refresh).
            paused=any(p.ended_on is None for p in pauses),
        )
    return None
