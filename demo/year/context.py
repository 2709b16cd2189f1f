"""What every story of the demo year shares: the year, its people and campaigns, the
violation types, a seeded random source, and the officers' calendar."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from campaigns.models import Campaign
from deadlines.calendar import WorkingCalendar, add_working_days, next_working_day
from enforcement.models import ViolationType
from organisation.models import User

from .clock import at


@dataclass
class YearContext:
    year: int
    people: dict[str, User]
    campaigns: dict[str, Campaign]
    types: dict[str, ViolationType]
    rng: random.Random
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar.load)

    def later(self, low: int, high: int, *, hour: int | None = None):
        """A moment `low`–`high` working days after today, in office hours."""
        day = add_working_days(
            timezone.localdate(), self.rng.randint(low, high), calendar=self.calendar
        ).due
        return self.office_hours(day, hour)

    def later_natural(self, low: int, high: int, *, hour: int | None = None):
        """A moment `low`–`high` natural days after today, moved to a working day."""
        day = timezone.localdate() + datetime.timedelta(
            days=self.rng.randint(low, high)
        )
        return self.office_hours(day, hour)

    def office_hours(self, day: datetime.date, hour: int | None = None):
        day = next_working_day(day, calendar=self.calendar)
        return at(
            day,
            hour or self.rng.choice([9, 10, 11, 14, 15, 16]),
            self.rng.choice([0, 10, 20, 30, 40, 50]),
        )

    def workday(self, day: datetime.date) -> datetime.date:
        return next_working_day(day, calendar=self.calendar)

    def after_working_days(self, day: datetime.date, days: int) -> datetime.date:
        return add_working_days(day, days, calendar=self.calendar).due
