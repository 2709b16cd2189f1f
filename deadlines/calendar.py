"""The one place statutory deadlines are computed.

Periods follow the statutes' counting rule: the day of the triggering event (service,
filing, receipt) is not counted, the period starts the next day. Working days exclude
weekends and statutory holidays and include the make-up working days (调休) the State
Council announces each November.

Day data comes from the `holidays` package, overridden day by day by the administrator's
table (`CalendarDay`) for years whose notice appeared after the package was released. A year
that neither covers falls back to Monday–Friday: deadlines in it are marked estimated and
say so, and nothing raises.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import holidays
from django.conf import settings
from django.utils.translation import gettext as _
from holidays.countries.china import ChinaStaticHolidays

from chinese_formats.formats import date_cn

logger = logging.getLogger(__name__)

ONE_DAY = datetime.timedelta(days=1)

# Far enough for any statutory period; stops a runaway loop on absurd input.
MAX_WORKING_DAYS = 3660

WORKING = "working"
NATURAL = "natural"


class Source:
    LIBRARY = "library"
    ADMINISTRATOR = "administrator"
    FALLBACK = "fallback"


@functools.cache
def _library_year(year: int) -> tuple[frozenset, frozenset, bool]:
    """(days off, make-up working days, covered) for a year from the `holidays` package.

    The package computes the statutory festival dates for any year, but knows the 调休
    arrangement only for years whose notice it has; those years are the keys of its
    `special_public_holidays` table. Without that table's entry a year is not covered.
    """
    covered = year in ChinaStaticHolidays.special_public_holidays
    if not covered:
        return frozenset(), frozenset(), False
    data = holidays.China(years=year)
    days_off = frozenset(d for d in data if d.year == year)
    workdays = frozenset(d for d in data.weekend_workdays if d.year == year)
    return days_off, workdays, True


@dataclass(frozen=True)
class Deadline:
    start: datetime.date
    days: int
    unit: str
    due: datetime.date
    uncovered_years: tuple[int, ...] = ()
    rolled_from: datetime.date | None = None

    @property
    def estimated(self) -> bool:
        return bool(self.uncovered_years)

    @property
    def note(self) -> str:
        parts = []
        if self.uncovered_years:
            years = "、".join(str(y) for y in self.uncovered_years)
            parts.append(
                _("%(years)s年放假安排尚未录入，按周一至周五估算。") % {"years": years}
            )
        if self.rolled_from:
            parts.append(
                _("期限届满日%(date)s为节假日，顺延至下一个工作日。")
                % {"date": date_cn(self.rolled_from)}
            )
        return "".join(parts)


@dataclass
class WorkingCalendar:
    """Working-day data for any year: library data overridden by the administrator's days.

    Build one per request or job with `WorkingCalendar.load()` (two small queries) and pass
    it to the functions below when computing many deadlines.
    """

    overrides: dict[datetime.date, bool] = field(default_factory=dict)
    administrator_years: frozenset[int] = frozenset()
    _seen_uncovered: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> WorkingCalendar:
        from .models import CalendarDay, CalendarYear

        overrides = {
            day: kind == CalendarDay.Kind.WORKDAY
            for day, kind in CalendarDay.objects.values_list("date", "kind")
        }
        years = frozenset(CalendarYear.objects.values_list("year", flat=True))
        return cls(overrides=overrides, administrator_years=years)

    def source(self, year: int) -> str:
        if year in self.administrator_years:
            return Source.ADMINISTRATOR
        if _library_year(year)[2]:
            return Source.LIBRARY
        return Source.FALLBACK

    def is_covered(self, year: int) -> bool:
        return self.source(year) != Source.FALLBACK

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        days_off, workdays, covered = _library_year(day.year)
        if day in workdays:
            return True
        if day in days_off:
            return False
        uncovered = not covered and day.year not in self.administrator_years
        if uncovered and day.year not in self._seen_uncovered:
            self._seen_uncovered.add(day.year)
            logger.warning(
                "No holiday data for %s: counting Monday to Friday", day.year
            )
        return day.weekday() < 5

    def uncovered_between(
        self, first: datetime.date, last: datetime.date
    ) -> tuple[int, ...]:
        return tuple(
            y for y in range(first.year, last.year + 1) if not self.is_covered(y)
        )


def _calendar(calendar: WorkingCalendar | None) -> WorkingCalendar:
    return calendar if calendar is not None else WorkingCalendar.load()


def is_working_day(
    day: datetime.date, *, calendar: WorkingCalendar | None = None
) -> bool:
    return _calendar(calendar).is_working_day(day)


def next_working_day(
    day: datetime.date, *, calendar: WorkingCalendar | None = None
) -> datetime.date:
    """The first working day on or after `day`."""
    cal = _calendar(calendar)
    while not cal.is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(
    start: datetime.date, days: int, *, calendar: WorkingCalendar | None = None
) -> Deadline:
    """The `days`-th working day after `start` (the start day itself is not counted)."""
    if days < 0 or days > MAX_WORKING_DAYS:
        raise ValueError(f"working-day period out of range: {days}")
    cal = _calendar(calendar)
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if cal.is_working_day(day):
            counted += 1
    return Deadline(
        start=start,
        days=days,
        unit=WORKING,
        due=day,
        uncovered_years=cal.uncovered_between(start, day),
    )


def add_natural_days(
    start: datetime.date,
    days: int,
    *,
    roll_to_working_day: bool | None = None,
    paused: Iterable[tuple[datetime.date, datetime.date]] = (),
    calendar: WorkingCalendar | None = None,
) -> Deadline:
    """`start` + `days` natural days.

    `paused` intervals (inclusive dates, e.g. suspension or a hearing) do not count and
    extend the period by the days they cover after `start`; overlapping intervals count
    once. When the period ends on a day that is not a working day and the policy
    (settings.DEADLINES_ROLL_NATURAL_PERIODS, or the argument) says so, it rolls to the
    next working day.
    """
    if days < 0:
        raise ValueError(f"natural-day period out of range: {days}")
    paused_days = set()
    for first, last in paused:
        first = max(first, start + ONE_DAY)
        day = first
        while day <= last:
            paused_days.add(day)
            day += ONE_DAY
    due = start
    counted = 0
    while counted < days:
        due += ONE_DAY
        if due not in paused_days:
            counted += 1
    if roll_to_working_day is None:
        roll_to_working_day = settings.DEADLINES_ROLL_NATURAL_PERIODS
    cal = _calendar(calendar)
    rolled_from = None
    if roll_to_working_day and not cal.is_working_day(due):
        rolled_from = due
        due = next_working_day(due, calendar=cal)
    return Deadline(
        start=start,
        days=days,
        unit=NATURAL,
        due=due,
        uncovered_years=(
            cal.uncovered_between(rolled_from or due, due)
            if roll_to_working_day
            else ()
        ),
        rolled_from=rolled_from,
    )


def count_working_days(
    start: datetime.date,
    end: datetime.date,
    *,
    calendar: WorkingCalendar | None = None,
) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    `count_working_days(s, add_working_days(s, n).due) == n`.
    """
    cal = _calendar(calendar)
    if end == start:
        return 0
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    day, counted = start, 0
    while day < end:
        day += ONE_DAY
        if cal.is_working_day(day):
            counted += 1
    return sign * counted


def working_days_remaining(
    due: datetime.date,
    *,
    today: datetime.date,
    calendar: WorkingCalendar | None = None,
) -> int:
    """Working days left until `due` (0 on the due day, negative once overdue)."""
    return count_working_days(today, due, calendar=calendar)
