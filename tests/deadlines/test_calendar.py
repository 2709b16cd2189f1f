import datetime

import pytest

from deadlines.calendar import (
    WorkingCalendar,
    add_natural_days,
    add_working_days,
    count_working_days,
    is_working_day,
    working_days_remaining,
)
from deadlines.models import CalendarDay, CalendarYear

D = datetime.date


@pytest.fixture
def cal(db):
    return WorkingCalendar.load()


def test_national_day_2026_is_off_and_its_make_up_days_are_worked(cal):
    for day in range(1, 8):
        assert not is_working_day(D(2026, 10, day), calendar=cal)
    assert is_working_day(D(2026, 9, 20), calendar=cal)  # Sunday, 调休 working day
    assert is_working_day(D(2026, 10, 10), calendar=cal)  # Saturday, 调休 working day
    assert not is_working_day(D(2026, 10, 11), calendar=cal)  # plain Sunday


def test_five_working_days_across_national_day(cal):
    # Served on Wednesday 30 Sept: 8, 9, 10 (make-up Saturday), 12, 13 October.
    deadline = add_working_days(D(2026, 9, 30), 5, calendar=cal)
    assert deadline.due == D(2026, 10, 13)
    assert not deadline.estimated
    assert count_working_days(D(2026, 9, 30), deadline.due, calendar=cal) == 5


def test_make_up_sunday_counts(cal):
    assert add_working_days(D(2026, 9, 19), 1, calendar=cal).due == D(2026, 9, 20)


def test_seven_working_days_before_the_holiday(cal):
    # From Fri 18 Sept: Sun 20 (make-up), 21–24, Fri 25 is Mid-Autumn (off), 28, 29.
    assert add_working_days(D(2026, 9, 18), 7, calendar=cal).due == D(2026, 9, 29)


def test_count_is_negative_when_overdue(cal):
    # Overdue by 10 (make-up Saturday), 12 and 13 October.
    assert (
        working_days_remaining(D(2026, 10, 9), today=D(2026, 10, 13), calendar=cal)
        == -3
    )
    assert (
        working_days_remaining(D(2026, 10, 13), today=D(2026, 10, 13), calendar=cal)
        == 0
    )


def test_natural_period_ending_on_a_holiday_rolls_to_the_next_working_day(cal):
    deadline = add_natural_days(
        D(2026, 9, 20), 15, roll_to_working_day=True, calendar=cal
    )
    assert deadline.due == D(2026, 10, 8)
    assert deadline.rolled_from == D(2026, 10, 5)
    assert "顺延" in deadline.note


def test_natural_period_does_not_roll_when_the_policy_says_not_to(cal):
    deadline = add_natural_days(
        D(2026, 9, 20), 15, roll_to_working_day=False, calendar=cal
    )
    assert deadline.due == D(2026, 10, 5)
    assert deadline.rolled_from is None


def test_roll_policy_comes_from_settings(cal, settings):
    settings.DEADLINES_ROLL_NATURAL_PERIODS = False
    assert add_natural_days(D(2026, 9, 20), 15, calendar=cal).due == D(2026, 10, 5)
    settings.DEADLINES_ROLL_NATURAL_PERIODS = True
    assert add_natural_days(D(2026, 9, 20), 15, calendar=cal).due == D(2026, 10, 8)


def test_paused_days_do_not_count(cal):
    # 90-day clock from 1 March 2026 with a 10-day suspension in April.
    plain = add_natural_days(D(2026, 3, 1), 90, roll_to_working_day=False, calendar=cal)
    paused = add_natural_days(
        D(2026, 3, 1),
        90,
        paused=[(D(2026, 4, 1), D(2026, 4, 10)), (D(2026, 4, 5), D(2026, 4, 12))],
        roll_to_working_day=False,
        calendar=cal,
    )
    assert plain.due == D(2026, 5, 30)
    assert paused.due == plain.due + datetime.timedelta(days=12)


def test_uncovered_year_falls_back_to_monday_to_friday_and_says_so(cal):
    assert not cal.is_covered(2035)
    # 1 Oct 2035 is a Monday: without data it counts as a working day.
    deadline = add_working_days(D(2035, 9, 28), 3, calendar=cal)
    assert deadline.due == D(2035, 10, 3)
    assert deadline.estimated
    assert deadline.uncovered_years == (2035,)
    assert "2035年放假安排尚未录入" in deadline.note


def test_administrator_entered_year_overrides_and_counts_as_covered(db):
    CalendarYear.objects.create(
        year=2035, notice="国务院办公厅关于2035年部分节假日安排的通知"
    )
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2035, 10, day), kind=CalendarDay.Kind.HOLIDAY)
    CalendarDay.objects.create(date=D(2035, 9, 29), kind=CalendarDay.Kind.WORKDAY)
    cal = WorkingCalendar.load()
    assert cal.is_covered(2035)
    deadline = add_working_days(D(2035, 9, 28), 3, calendar=cal)
    # Sat 29 Sept (make-up), then 8 and 9 October.
    assert deadline.due == D(2035, 10, 9)
    assert not deadline.estimated


def test_administrator_override_beats_the_library(db):
    CalendarDay.objects.create(date=D(2026, 10, 7), kind=CalendarDay.Kind.WORKDAY)
    assert is_working_day(D(2026, 10, 7)) is True


def test_zero_days_is_the_start_day(cal):
    assert add_working_days(D(2026, 10, 1), 0, calendar=cal).due == D(2026, 10, 1)


def test_negative_periods_are_rejected(cal):
    with pytest.raises(ValueError):
        add_working_days(D(2026, 10, 1), -1, calendar=cal)


def test_spring_festival_2026(cal):
    # 2026: 15–23 Feb off (Sunday 15th is a weekend), Saturday 14 and 28 Feb worked.
    assert is_working_day(D(2026, 2, 14), calendar=cal)
    assert not is_working_day(D(2026, 2, 23), calendar=cal)
    assert is_working_day(D(2026, 2, 28), calendar=cal)
    assert add_working_days(D(2026, 2, 13), 2, calendar=cal).due == D(2026, 2, 24)
