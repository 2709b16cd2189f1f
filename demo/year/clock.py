"""The demo year's clock: stories run in date order, each step at its own moment.

A story is a generator: it yields the moment it wants to act next, and when the clock
resumes it (inside `time_machine.travel` to that moment) it takes one step the way an
officer would, through the services and flows, then yields again. All stories share one
timeline, so numbers, deadlines and timers come out as they would have in that year.

Time-driven work runs through the real `workflows.timers.run_due_timers`, as the cron
job runs it: a few minutes after each workflow timer falls due, and once at the start
of every day on which someone works.
"""

import datetime
import heapq
import itertools
import logging
from collections.abc import Callable, Generator, Iterator

import time_machine
from django.db.models import Min
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.timers import run_due_timers

logger = logging.getLogger(__name__)

WUHAN = datetime.timezone(datetime.timedelta(hours=8))
CRON_DELAY = datetime.timedelta(minutes=5)
DAILY_RUN = datetime.time(0, 10)

Story = Generator[datetime.datetime, None, None]


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment in Wuhan on `day`."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WUHAN)


class StoryFailed(RuntimeError):
    pass


class YearClock:
    def __init__(self, *, progress: Callable[[int], None] | None = None):
        self._queue: list[tuple[datetime.datetime, int, str, Iterator]] = []
        self._order = itertools.count()
        self._last_daily_run: datetime.date | None = None
        self._progress = progress
        self.steps = 0
        self.timer_runs = 0

    def add(self, story: Story, *, name: str) -> None:
        """Schedule a story; it has not run yet (its first yield is where it starts)."""
        first = next(story)
        heapq.heappush(self._queue, (first, next(self._order), name, story))

    def _run_timers(self, moment: datetime.datetime) -> None:
        with time_machine.travel(moment, tick=False):
            run_due_timers()
        self.timer_runs += 1

    def _next_timer_due(self) -> datetime.datetime | None:
        return Task.objects.filter(
            flow_task_type="TIMER", status=STATUS.SCHEDULED
        ).aggregate(due=Min("scheduled"))["due"]

    def _catch_up_timers(self, until: datetime.datetime) -> None:
        """Fire what the cron would have fired before `until`."""
        attempted = None
        while (due := self._next_timer_due()) is not None and due + CRON_DELAY <= until:
            if attempted is not None and due <= attempted:
                # fire_due_timers logs a failing timer and leaves it scheduled.
                raise StoryFailed(f"a workflow timer due at {due} did not fire")
            attempted = due
            self._run_timers(due + CRON_DELAY)
        day = until.astimezone(WUHAN).date()
        if self._last_daily_run != day:
            self._last_daily_run = day
            self._run_timers(at(day, DAILY_RUN.hour, DAILY_RUN.minute))

    def run(self) -> None:
        while self._queue:
            moment, order, name, story = heapq.heappop(self._queue)
            self._catch_up_timers(moment)
            try:
                with time_machine.travel(moment, tick=True):
                    following = next(story)
            except StopIteration:
                following = None
            except Exception as exc:
                raise StoryFailed(f"{name} at {moment:%Y-%m-%d %H:%M}: {exc}") from exc
            self.steps += 1
            if self._progress:
                self._progress(1)
            if following is not None:
                if following < moment:
                    raise StoryFailed(f"{name} went back in time to {following}")
                heapq.heappush(self._queue, (following, order, name, story))
