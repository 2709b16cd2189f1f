"""A demo year built by driving the real workflows: `manage.py load_demo --year 2019`.

The stories (plan_2019) are run on one clock (clock.YearClock), each step travelling to
its moment with time_machine, so dates, deadlines, timers and paper numbers (〔2019〕)
are those of that year. The year's figures then come out of the records exactly as the
annual report (reports.figures) counts them.
"""

import datetime

import time_machine
from django.db import transaction
from django.utils import timezone

from organisation.models import OrganisationUnit

from .clock import YearClock, at

# The years a plan exists for.
YEARS = (2019,)


def year_build(*, year: int, progress=None) -> dict:
    """Build the year to its targets; returns its figures and what was run. Must run
    outside a transaction: each step commits, and its papers are issued after."""
    if year not in YEARS:
        raise ValueError(f"no plan for {year}")
    if transaction.get_connection().in_atomic_block:
        raise RuntimeError("year_build must run outside a transaction")
    import random

    from enforcement.models import ViolationType

    from . import plan_2019 as plan
    from . import stories
    from .context import YearContext
    from .people import year_staff

    bureau = OrganisationUnit.objects.get(code="WHSJ")
    ctx = YearContext(
        year=year,
        people=year_staff(),
        campaigns=plan.campaigns_ensure(bureau),
        types={t.code: t for t in ViolationType.objects.all()},
        rng=random.Random(year),
    )
    plan.benchmark_2018_ensure(ctx.types)
    clock = YearClock(progress=progress)
    with time_machine.travel(at(datetime.date(year, 1, 2), 8), tick=True):
        planned = stories.schedule(ctx, clock)
    clock.run()
    figures = {code: plan.figure(code, ctx) for code in plan.TARGETS}
    return {
        "planned": planned,
        "steps": clock.steps,
        "timer_runs": clock.timer_runs,
        "figures": figures,
        "finished_at": timezone.now(),
    }
