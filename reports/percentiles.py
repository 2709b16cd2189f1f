"""Percentiles and elapsed time as SQL expressions, for cycle-time figures.

PostgreSQL has `percentile_cont(f) WITHIN GROUP (ORDER BY x)`. SQLite (the database
`make run` uses) has no such aggregate, so the same name is registered on each SQLite
connection as a Python aggregate with the same interpolation (`connection_created`
below). Either way the median and 90th percentile are computed by the database in the
grouping query, not by fetching every duration.
"""

import math

from django.db import NotSupportedError
from django.db.backends.signals import connection_created
from django.db.models import Aggregate, FloatField, Func

SQLITE_PERCENTILE = "regengine_percentile_cont"


class PercentileCont(Aggregate):
    """Continuous percentile (`fraction` between 0 and 1) of a numeric expression."""

    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        # Inlined as a literal: it is a float checked above, never user input.
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function=SQLITE_PERCENTILE,
            template="%(function)s(%(expressions)s, %(fraction)s)",
            **extra_context,
        )


class SecondsBetween(Func):
    """end − start in seconds (a float), for two datetime columns."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("SecondsBetween supports PostgreSQL and SQLite.")

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class _SqlitePercentile:
    """percentile_cont for SQLite: linear interpolation between the closest ranks,
    as PostgreSQL computes it."""

    def __init__(self):
        self.values = []
        self.fraction = None

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        return percentile_of(sorted(self.values), self.fraction)


def percentile_of(ordered: list[float], fraction: float) -> float:
    """PostgreSQL's percentile_cont over already sorted values."""
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    if lower == upper:
        return float(ordered[lower])
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def register_sqlite_percentile(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_PERCENTILE, 2, _SqlitePercentile)


connection_created.connect(register_sqlite_percentile, dispatch_uid="sqlite_percentile")
