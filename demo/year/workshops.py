"""Small food workshops closed down in the demo year, recorded on the closure page the
day each was closed."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from enterprises.models import District
from workshops.services import workshop_closure_record

from .clock import Story, at
from .context import YearContext


@dataclass
class ClosurePlan:
    workshop_name: str
    operator_name: str
    district: District
    address: str
    reason: str
    details: str
    closed_on: datetime.date
    officer: str
    recorder: str


def workshop_closures(ctx: YearContext, plans: list[ClosurePlan]) -> Story:
    """Each working day's closures are recorded that afternoon."""
    by_day: dict[datetime.date, list[ClosurePlan]] = {}
    for plan in plans:
        by_day.setdefault(plan.closed_on, []).append(plan)
    for day in sorted(by_day):
        yield at(day, 17, ctx.rng.choice([0, 10, 20, 30]))
        for plan in by_day[day]:
            workshop_closure_record(
                workshop_name=plan.workshop_name,
                operator_name=plan.operator_name,
                district=plan.district,
                address=plan.address,
                reason=plan.reason,
                details=plan.details,
                closed_on=timezone.localdate(),
                officer=ctx.people[plan.officer],
                actor=ctx.people[plan.recorder],
            )
