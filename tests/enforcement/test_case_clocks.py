"""Every clock of the penalty procedure, computed through the calendar: across the 2026
National Day holiday (1–7 October off; Sunday 20 September and Saturday 10 October
worked) and across pauses; and the late surcharge."""

import datetime
from decimal import Decimal

import pytest

from deadlines.calendar import WorkingCalendar, add_working_days
from enforcement.clocks import (
    decision_deadline,
    late_surcharge,
    measure_deadline,
    payment_deadline,
    verification_deadline,
)
from enforcement.models import CaseExtension, CasePause, EvidenceMeasure, PenaltyPolicy

D = datetime.date


@pytest.fixture
def cal(db):
    return WorkingCalendar.load()


@pytest.fixture
def policy(db):
    return PenaltyPolicy.current()


def _pause(start, end=None, kind=CasePause.Kind.SUSPENSION):
    return CasePause(kind=kind, started_on=start, ended_on=end)


def test_verification_fifteen_working_days_across_national_day(cal, policy):
    deadline = verification_deadline(
        received_on=D(2026, 9, 25), extended=False, policy=policy, calendar=cal
    )
    # 28, 29, 30 September, 8, 9, 10 (make-up Saturday), 12–16, 19–22 October.
    assert deadline.due == D(2026, 10, 22)
    assert deadline.unit == "working"
    extended = verification_deadline(
        received_on=D(2026, 9, 25), extended=True, policy=policy, calendar=cal
    )
    assert extended.due == add_working_days(D(2026, 10, 22), 15, calendar=cal).due


def test_make_up_sunday_counts_for_the_statement_window(cal):
    # Notice served Friday 18 September: Sunday 20 (make-up), 21–24 September.
    assert add_working_days(D(2026, 9, 18), 5, calendar=cal).due == D(2026, 9, 24)


def test_decision_ninety_days_ending_in_national_day_rolls_over(cal, policy):
    # Filed 4 July: 90 natural days end Friday 2 October, a holiday → Thursday 8th.
    deadline = decision_deadline(
        filed_on=D(2026, 7, 4),
        pauses=[],
        extensions=[],
        policy=policy,
        today=D(2026, 7, 4),
        calendar=cal,
    )
    assert deadline.rolled_from == D(2026, 10, 2)
    assert deadline.due == D(2026, 10, 8)
    assert deadline.unit == "natural"


def test_decision_clock_skips_pauses_and_adds_extensions(cal, policy):
    filed = D(2026, 6, 1)
    plain = decision_deadline(
        filed_on=filed, pauses=[], extensions=[], policy=policy, today=filed
    )
    # 90 days end Sunday 30 August, rolled to Monday the 31st.
    assert (plain.rolled_from, plain.due) == (D(2026, 8, 30), D(2026, 8, 31))
    pauses = [
        _pause(D(2026, 6, 10), D(2026, 6, 19)),  # suspension, 10 days
        _pause(D(2026, 7, 1), D(2026, 7, 5), CasePause.Kind.HEARING),  # 5 days
        _pause(D(2026, 7, 3), D(2026, 7, 4), CasePause.Kind.TESTING),  # overlaps
    ]
    paused = decision_deadline(
        filed_on=filed, pauses=pauses, extensions=[], policy=policy, today=filed
    )
    # 30 August + 15 paused days (overlaps count once) = Monday 14 September.
    assert paused.due == D(2026, 9, 14)
    extended = decision_deadline(
        filed_on=filed,
        pauses=pauses,
        extensions=[CaseExtension(clock=CaseExtension.Clock.DECISION, days=30)],
        policy=policy,
        today=filed,
    )
    # 14 September + 30 = 14 October.
    assert extended.due == D(2026, 10, 14)


def test_an_open_pause_counts_up_to_today(cal, policy):
    deadline = decision_deadline(
        filed_on=D(2026, 6, 1),
        pauses=[_pause(D(2026, 6, 10))],
        extensions=[],
        policy=policy,
        today=D(2026, 6, 20),
    )
    assert deadline.due == D(2026, 9, 10)  # 30 August + 11 paused days


def test_payment_fifteen_natural_days_rolls_past_national_day(cal, policy):
    # Received 16 September: 1 October is a holiday → Thursday 8 October.
    deadline = payment_deadline(served_on=D(2026, 9, 16), policy=policy, calendar=cal)
    assert deadline.due == D(2026, 10, 8)


def test_preservation_seven_working_days_across_national_day(cal, policy):
    deadline = measure_deadline(
        kind=EvidenceMeasure.Kind.PRESERVATION,
        started_on=D(2026, 9, 28),
        extended=False,
        testing_pauses=[],
        policy=policy,
        today=D(2026, 9, 28),
        calendar=cal,
    )
    # 29, 30 September, 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert deadline.due == D(2026, 10, 13)


def test_seizure_thirty_days_plus_thirty_without_testing_time(cal, policy):
    testing = [_pause(D(2026, 9, 5), D(2026, 9, 14), CasePause.Kind.TESTING)]
    deadline = measure_deadline(
        kind=EvidenceMeasure.Kind.SEIZURE,
        started_on=D(2026, 9, 1),
        extended=False,
        testing_pauses=testing,
        policy=policy,
        today=D(2026, 9, 1),
        calendar=cal,
    )
    # 1 October + 10 testing days = 11 October, a Sunday → Monday 12th.
    assert deadline.due == D(2026, 10, 12)
    extended = measure_deadline(
        kind=EvidenceMeasure.Kind.SEIZURE,
        started_on=D(2026, 9, 1),
        extended=True,
        testing_pauses=testing,
        policy=policy,
        today=D(2026, 9, 1),
        calendar=cal,
    )
    assert extended.due == D(2026, 11, 10)


def test_surcharge_three_percent_a_day_capped_at_the_fine():
    fine = Decimal("10000")
    schedule = [(D(2026, 11, 25), fine)]
    ten_days = late_surcharge(
        fine=fine, schedule=schedule, payments=[], as_of=D(2026, 12, 5)
    )
    assert (ten_days.amount, ten_days.days, ten_days.capped) == (
        Decimal("3000.00"),
        10,
        False,
    )
    capped = late_surcharge(
        fine=fine, schedule=schedule, payments=[], as_of=D(2027, 3, 1)
    )
    assert capped.amount == fine
    assert capped.capped is True
    assert capped.days == 34  # the 34th day passes the cap


def test_surcharge_stops_with_payment_and_follows_instalments():
    fine = Decimal("9000")
    schedule = [(D(2026, 11, 30), Decimal("4500")), (D(2026, 12, 31), Decimal("4500"))]
    # First instalment paid 2 days late, second on time.
    surcharge = late_surcharge(
        fine=fine,
        schedule=schedule,
        payments=[
            (D(2026, 12, 2), Decimal("4500")),
            (D(2026, 12, 31), Decimal("4500")),
        ],
        as_of=D(2027, 1, 10),
    )
    assert surcharge.amount == Decimal("270.00")  # 2 × 3 % × 4,500
    on_time = late_surcharge(
        fine=fine,
        schedule=schedule,
        payments=[(D(2026, 11, 30), Decimal("9000"))],
        as_of=D(2027, 1, 10),
    )
    assert on_time.amount == Decimal("0.00")


def test_each_clock_states_the_periods_the_bureau_has_set(cal, policy):
    from enforcement.clocks import case_clocks
    from enforcement.models import Case, CaseState

    policy.statement_working_days = 7
    policy.verification_working_days = 10
    policy.verification_extension_working_days = 10
    case = Case(
        state=CaseState.VERIFYING,
        verification_due=D(2026, 11, 20),
        verification_extended=True,
    )
    clocks = case_clocks(
        case=case, pauses=[], extensions=[], measures=[], schedule_due=None,
        policy=policy, today=D(2026, 11, 2), calendar=cal,
    )  # fmt: skip
    assert clocks[0].basis == (
        "核查期限：自发现线索或收到材料之日起10个工作日，经批准延长10个工作日"
    )
    case = Case(state=CaseState.STATEMENT, statement_due=D(2026, 11, 11))
    clocks = case_clocks(
        case=case, pauses=[], extensions=[], measures=[], schedule_due=None,
        policy=policy, today=D(2026, 11, 2), calendar=cal,
    )  # fmt: skip
    assert clocks[0].basis == "告知书送达之日起7个工作日"
