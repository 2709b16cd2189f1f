"""The clocks of a penalty case, all computed through `deadlines.calendar`.

Units follow 行政处罚法 Art. 85 and the SAMR rules: verification, review, statement,
service, publicity and evidence preservation periods are working days; the 90-day
decision period, its extensions, the 15-day payment period and seizures are natural days.
The decision clock does not count the pause intervals (suspension, hearing, public
notice, testing); an open pause is counted up to today, so the due date moves on each day
the case stays paused.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines.calendar import (
    NATURAL,
    ONE_DAY,
    WORKING,
    Deadline,
    WorkingCalendar,
    add_natural_days,
    add_working_days,
    working_days_remaining,
)

from .models import (
    DECISION_CLOCK_STATES,
    Case,
    CaseExtension,
    CasePause,
    CaseState,
    EvidenceMeasure,
    PenaltyKind,
    PenaltyPolicy,
)

# 行政处罚法 Art. 72(1): 3 % of the fine a day, never more than the fine itself.
SURCHARGE_DAILY_RATE = Decimal("0.03")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Clock:
    """One running period of a case, as the case page and the alert job show it."""

    key: str
    label: str
    basis: str
    due: datetime.date
    unit: str
    remaining: int
    paused: bool = False
    note: str = ""

    @property
    def overdue(self) -> bool:
        return self.remaining < 0

    @property
    def overdue_by(self) -> int:
        return -self.remaining if self.remaining < 0 else 0


def _remaining(due: datetime.date, unit: str, today, calendar) -> int:
    if unit == WORKING:
        return working_days_remaining(due, today=today, calendar=calendar)
    return (due - today).days


def _clock(key, label, basis, deadline: Deadline, today, calendar, **extra) -> Clock:
    return Clock(
        key=key,
        label=label,
        basis=basis,
        due=deadline.due,
        unit=deadline.unit,
        remaining=_remaining(deadline.due, deadline.unit, today, calendar),
        note=deadline.note,
        **extra,
    )


def _stored_clock(key, label, basis, due, unit, today, calendar) -> Clock:
    return Clock(
        key=key,
        label=label,
        basis=basis,
        due=due,
        unit=unit,
        remaining=_remaining(due, unit, today, calendar),
    )


def pause_intervals(
    pauses, *, today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """Pauses as inclusive date intervals; an open one runs up to today."""
    return [(p.started_on, p.ended_on or today) for p in pauses]


def decision_deadline(
    *,
    filed_on: datetime.date,
    pauses,
    extensions,
    policy: PenaltyPolicy,
    today: datetime.date,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """行政处罚法 Art. 60: 90 natural days from filing, plus approved extensions, not
    counting the pause intervals."""
    days = policy.decision_natural_days + sum(
        e.days for e in extensions if e.clock == CaseExtension.Clock.DECISION
    )
    return add_natural_days(
        filed_on,
        days,
        paused=pause_intervals(pauses, today=today),
        calendar=calendar,
    )


def verification_deadline(
    *,
    received_on: datetime.date,
    extended: bool,
    policy: PenaltyPolicy,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """程序规定 Art. 18: 15 working days from the lead, +15 with the head's approval."""
    days = policy.verification_working_days
    if extended:
        days += policy.verification_extension_working_days
    return add_working_days(received_on, days, calendar=calendar)


def measure_deadline(
    *,
    kind: str,
    started_on: datetime.date,
    extended: bool,
    testing_pauses,
    policy: PenaltyPolicy,
    today: datetime.date,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """先行登记保存: decided within 7 working days (Art. 56, Art. 85). 查封扣押: 30 days,
    +30 with approval, testing time not counted (行政强制法 Arts. 25, 69)."""
    if kind == EvidenceMeasure.Kind.PRESERVATION:
        return add_working_days(
            started_on, policy.preservation_working_days, calendar=calendar
        )
    days = policy.seizure_natural_days
    if extended:
        days += policy.seizure_extension_natural_days
    return add_natural_days(
        started_on,
        days,
        paused=pause_intervals(testing_pauses, today=today),
        calendar=calendar,
    )


def payment_deadline(
    *,
    served_on: datetime.date,
    policy: PenaltyPolicy,
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """行政处罚法 Art. 67: pay within 15 days of receiving the decision."""
    return add_natural_days(served_on, policy.payment_natural_days, calendar=calendar)


def decision_allowed_from(
    case: Case, *, today: datetime.date, calendar: WorkingCalendar | None = None
) -> datetime.date | None:
    """行政处罚法 Art. 62: no penalty decision while the party's statement window is
    open (unless the party waived it in writing). The first day the decision may be
    made, or None when the window does not hold it back today."""
    if case.notice_served_on is None or case.statement_due is None:
        return None
    if case.statement_waived_on is not None or today > case.statement_due:
        return None
    return add_natural_days(
        case.statement_due, 1, roll_to_working_day=False, calendar=calendar
    ).due


def hearing_allowed_from(
    scheduled_at: datetime.datetime | None, *, today: datetime.date
) -> datetime.date | None:
    """A hearing is held, and recorded, on or after the day it was notified for
    (行政处罚法 Art. 64). That day, or None when it has come."""
    if scheduled_at is None:
        return None
    scheduled = timezone.localtime(scheduled_at).date()
    return scheduled if today < scheduled else None


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Surcharge:
    amount: Decimal
    days: int
    capped: bool


def late_surcharge(
    *,
    fine: Decimal,
    schedule: list[tuple[datetime.date, Decimal]],
    payments: list[tuple[datetime.date, Decimal]],
    as_of: datetime.date,
) -> Surcharge:
    """加处罚款 (行政处罚法 Art. 72(1); 行政强制法 Art. 45) up to `as_of`.

    Each natural day after a due date (the due dates come from the calendar, rolled past
    holidays) adds 3 % of the fine still unpaid and overdue on that day, until the
    surcharge equals the fine. A payment counts from the day after it was made: a fine
    due on the 10th and paid on the 13th is three days late. Payments go to the fine
    before anything else.
    """
    fine = Decimal(fine)
    if fine <= 0 or not schedule:
        return Surcharge(Decimal("0.00"), 0, False)
    schedule = sorted(schedule)
    payments = sorted(payments)
    total = Decimal("0")
    days = 0
    day = schedule[0][0] + ONE_DAY
    while day <= as_of:
        paid = sum((amount for on, amount in payments if on < day), Decimal("0"))
        due = sum((amount for on, amount in schedule if on < day), Decimal("0"))
        base = min(max(due - paid, Decimal("0")), max(fine - paid, Decimal("0")))
        if base > 0:
            days += 1
            total += base * SURCHARGE_DAILY_RATE
            if total >= fine:
                return Surcharge(_money(fine), days, True)
        day += ONE_DAY
    return Surcharge(_money(total), days, False)


def payable_total(lines) -> tuple[Decimal, Decimal]:
    """(fine, principal) of the decided lines: the principal adds confiscated money."""
    fine = sum(
        (line.amount for line in lines if line.kind == PenaltyKind.FINE), Decimal("0")
    )
    confiscated = sum(
        (line.amount for line in lines if line.kind == PenaltyKind.CONFISCATION),
        Decimal("0"),
    )
    return _money(fine), _money(fine + confiscated)


def case_clocks(
    *,
    case: Case,
    pauses: list[CasePause],
    extensions: list[CaseExtension],
    measures: list[EvidenceMeasure],
    schedule_due: datetime.date | None,
    policy: PenaltyPolicy,
    today: datetime.date,
    calendar: WorkingCalendar,
) -> list[Clock]:
    """The clocks running for the case now, most urgent first."""
    clocks: list[Clock] = []
    state = case.state
    if state == CaseState.VERIFYING and case.verification_due:
        basis = _("核查期限：自发现线索或收到材料之日起%(days)d个工作日") % {
            "days": policy.verification_working_days
        }
        if case.verification_extended:
            basis += _("，经批准延长%(days)d个工作日") % {
                "days": policy.verification_extension_working_days
            }
        clocks.append(
            _stored_clock(
                "verification",
                _("核查"),
                basis,
                case.verification_due,
                WORKING,
                today,
                calendar,
            )
        )
    if case.filed_on and state in DECISION_CLOCK_STATES:
        deadline = decision_deadline(
            filed_on=case.filed_on,
            pauses=pauses,
            extensions=extensions,
            policy=policy,
            today=today,
            calendar=calendar,
        )
        extended = sum(
            e.days for e in extensions if e.clock == CaseExtension.Clock.DECISION
        )
        basis = _(
            "作出处罚决定：立案之日起%(days)d日，中止、听证、公告、检测等期间不计入"
        ) % {"days": policy.decision_natural_days}
        if extended:
            basis += _("；已批准延长%(days)d日") % {"days": extended}
        clocks.append(
            _clock(
                "decision",
                _("作出处罚决定"),
                basis,
                deadline,
                today,
                calendar,
                paused=any(p.ended_on is None for p in pauses),
            )
        )
    if state == CaseState.STATEMENT and case.statement_due:
        clocks.append(
            _stored_clock(
                "statement",
                _("陈述申辩、要求听证"),
                _("告知书送达之日起%(days)d个工作日")
                % {"days": policy.statement_working_days},
                case.statement_due,
                WORKING,
                today,
                calendar,
            )
        )
    if state == CaseState.DECIDED and case.service_due:
        clocks.append(
            _stored_clock(
                "service",
                _("送达决定书"),
                _("决定作出之日起%(days)d个工作日")
                % {"days": policy.service_working_days},
                case.service_due,
                WORKING,
                today,
                calendar,
            )
        )
    if case.publicity_required and case.publicity_due and not case.published_on:
        clocks.append(
            _stored_clock(
                "publicity",
                _("信用公示"),
                _("决定作出之日起%(days)d个工作日")
                % {"days": policy.publicity_working_days},
                case.publicity_due,
                WORKING,
                today,
                calendar,
            )
        )
    if state == CaseState.ENFORCEMENT and schedule_due:
        clocks.append(
            _stored_clock(
                "payment",
                _("缴纳罚没款"),
                _("收到决定书之日起%(days)d日，延期、分期的按批准的期限")
                % {"days": policy.payment_natural_days},
                schedule_due,
                NATURAL,
                today,
                calendar,
            )
        )
    for measure in measures:
        if measure.is_open:
            clocks.append(
                _stored_clock(
                    f"measure-{measure.pk}",
                    measure.get_kind_display(),
                    _("先行登记保存：%(days)d个工作日内作出处理决定")
                    % {"days": policy.preservation_working_days}
                    if measure.kind == EvidenceMeasure.Kind.PRESERVATION
                    else _(
                        "查封、扣押：%(days)d日，经批准延长%(more)d日，检测期间不计入"
                    )
                    % {
                        "days": policy.seizure_natural_days,
                        "more": policy.seizure_extension_natural_days,
                    },
                    measure.due_on,
                    WORKING
                    if measure.kind == EvidenceMeasure.Kind.PRESERVATION
                    else NATURAL,
                    today,
                    calendar,
                )
            )
    clocks.sort(key=lambda c: c.due)
    return clocks
