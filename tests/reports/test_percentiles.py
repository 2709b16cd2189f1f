"""Percentiles are computed by the database: PostgreSQL's percentile_cont, and the same
interpolation registered on SQLite connections (the database `make run` uses)."""

import sqlite3

import pytest
from django.db import connection

from reports.percentiles import SQLITE_PERCENTILE, _SqlitePercentile, percentile_of

VALUES = [4.0, 1.0, 10.0, 2.0, 3.0]


def test_postgresql_and_the_sqlite_aggregate_interpolate_alike(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), "
            "percentile_cont(0.9) WITHIN GROUP (ORDER BY x) "
            "FROM (VALUES (4.0), (1.0), (10.0), (2.0), (3.0)) AS v(x)"
        )
        median, p90 = cursor.fetchone()
    lite = sqlite3.connect(":memory:")
    lite.create_aggregate(SQLITE_PERCENTILE, 2, _SqlitePercentile)
    lite.execute("CREATE TABLE t (x REAL)")
    lite.executemany("INSERT INTO t VALUES (?)", [(v,) for v in VALUES])
    lite_median, lite_p90 = lite.execute(
        f"SELECT {SQLITE_PERCENTILE}(x, 0.5), {SQLITE_PERCENTILE}(x, 0.9) FROM t"
    ).fetchone()
    assert float(median) == lite_median == 3.0
    assert float(p90) == pytest.approx(lite_p90) == pytest.approx(7.6)
    assert lite.execute(
        f"SELECT {SQLITE_PERCENTILE}(x, 0.5) FROM t WHERE 0"
    ).fetchone() == (None,)


def test_percentile_of_sorted_values():
    assert percentile_of([5.0], 0.9) == 5.0
    assert percentile_of(sorted(VALUES), 0.25) == 2.0
    assert percentile_of(sorted(VALUES), 1.0) == 10.0
