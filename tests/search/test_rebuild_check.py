"""Rebuild (new index, replay, alias swap) and check (database against index)."""

import datetime
import io
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from enforcement.models import PenaltyKind, Violation, ViolationType
from enforcement.services import violation_record
from enterprises.models import Enterprise
from enterprises.services import enterprise_rename
from search.client import search_client
from search.documents import ENTERPRISES, VIOLATIONS
from search.models import SearchOutbox
from search.services import (
    SearchRebuildError,
    search_index_check,
    search_index_rebuild,
    search_outbox_drain,
    search_outbox_drain_all,
)
from tests import factories
from tests.search.conftest import indexed, refresh, search_db

pytestmark = search_db


def record_violation(enterprise, day=1):
    return violation_record(
        enterprise=enterprise,
        violation_type=ViolationType.objects.first(),
        decided_on=datetime.date(2024, 3, day),
        penalty_kind=PenaltyKind.FINE,
        fine_amount=Decimal("2000"),
        source=Violation.Source.MANUAL,
        decision_number=f"武市监处罚〔2024〕{day}号",
    )


def aliases(alias: str) -> list[str]:
    found = search_client().indices.get_alias(name=alias, ignore=404)
    return sorted(k for k in found if k not in ("error", "status"))


def assert_index_matches_database():
    for key in ("enterprises", "violations"):
        report = search_index_check(key=key)
        assert (report.missing, report.stale, report.extra) == ([], [], []), key
        assert report.database == report.indexed


def test_rebuild_swaps_the_alias_and_drops_the_old_index(sync):
    for i in range(5):
        record_violation(factories.enterprise(), day=i + 1)
    sync()
    old = aliases(ENTERPRISES.alias)
    assert old == [f"{ENTERPRISES.alias}-v1"]

    result = search_index_rebuild(key="enterprises", batch_size=2)

    assert result.index == f"{ENTERPRISES.alias}-v2"
    assert result.documents == 5
    assert result.removed == old
    assert aliases(ENTERPRISES.alias) == [result.index]
    assert aliases(ENTERPRISES.rebuild_alias) == []
    assert not search_client().indices.exists(index=old[0])
    assert_index_matches_database()


def test_writes_during_a_rebuild_are_all_in_the_new_index(sync):
    enterprises = [factories.enterprise() for _ in range(30)]
    sync()
    late = {}

    def meanwhile(done):
        meanwhile.calls += 1
        if meanwhile.calls == 2:
            # Changes a running worker indexes at once: they go to both indices.
            enterprise_rename(
                enterprise=enterprises[0], new_name="武汉重建期间甲有限公司"
            )
            enterprise_rename(
                enterprise=enterprises[-1], new_name="武汉重建期间乙有限公司"
            )
            record_violation(enterprises[1])
            search_outbox_drain_all()
        if meanwhile.calls == 4:
            # Changes nobody drains before the swap: the rebuild replays them.
            enterprise_rename(
                enterprise=enterprises[2], new_name="武汉重建期间丙有限公司"
            )
            enterprise_rename(
                enterprise=enterprises[-2], new_name="武汉重建期间丁有限公司"
            )
            late["new"] = factories.enterprise(name="武汉重建期间新登记有限公司")
            record_violation(enterprises[3])

    meanwhile.calls = 0
    result = search_index_rebuild(key="enterprises", batch_size=5, progress=meanwhile)
    refresh()

    assert meanwhile.calls >= 6
    assert result.replayed_rows > 0
    assert SearchOutbox.objects.count() == 0
    names = {
        pk: indexed("enterprises", pk)["name_display"]
        for pk in (enterprises[0].pk, enterprises[-1].pk, enterprises[2].pk)
    }
    assert names == {
        enterprises[0].pk: "武汉重建期间甲有限公司",
        enterprises[-1].pk: "武汉重建期间乙有限公司",
        enterprises[2].pk: "武汉重建期间丙有限公司",
    }
    assert indexed("enterprises", late["new"].pk) is not None
    assert indexed("enterprises", enterprises[3].pk)["violation_count"] == 1
    assert_index_matches_database()


def test_rebuild_with_a_concurrent_writer_and_worker_loses_nothing(sync):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections need PostgreSQL")
    enterprises = [factories.enterprise() for _ in range(60)]
    sync()
    stop = threading.Event()
    errors = []
    writes = [0]

    def writer():
        try:
            i = 0
            while not stop.is_set():
                target = enterprises[i % len(enterprises)]
                enterprise_rename(
                    enterprise=target, new_name=f"武汉并发写入{i}有限公司"
                )
                if i % 3 == 0:
                    factories.enterprise()
                if i % 4 == 0:
                    record_violation(target, day=i % 28 + 1)
                writes[0] += 1
                i += 1
        except Exception as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    def worker():
        try:
            while not stop.is_set():
                if not search_outbox_drain().rows:
                    time.sleep(0.05)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer), threading.Thread(target=worker)]
    for t in threads:
        t.start()
    try:
        for key in ("enterprises", "violations"):
            search_index_rebuild(key=key, batch_size=7)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert not errors
    assert writes[0] > 5

    sync()

    assert_index_matches_database()
    for enterprise in Enterprise.objects.all():
        assert indexed("enterprises", enterprise.pk)["name_display"] == enterprise.name


def test_a_failed_rebuild_keeps_the_old_index(sync):
    for _ in range(6):
        factories.enterprise()
    sync()
    old = aliases(ENTERPRISES.alias)

    def fail(done):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        search_index_rebuild(key="enterprises", batch_size=2, progress=fail)

    assert aliases(ENTERPRISES.alias) == old
    assert aliases(ENTERPRISES.rebuild_alias) == []
    assert not search_client().indices.exists(index=f"{ENTERPRISES.alias}-v2")
    assert_index_matches_database()


def test_a_second_rebuild_waits_for_the_first_unless_forced(sync):
    factories.enterprise()
    sync()
    orphan = f"{ENTERPRISES.alias}-v7"
    search_client().indices.create(
        index=orphan,
        body={
            **ENTERPRISES.definition(orphan),
            "aliases": {ENTERPRISES.rebuild_alias: {}},
        },
    )

    with pytest.raises(SearchRebuildError, match="正在由另一进程重建"):
        search_index_rebuild(key="enterprises")

    result = search_index_rebuild(key="enterprises", force=True)
    assert result.index == f"{ENTERPRISES.alias}-v8"
    assert not search_client().indices.exists(index=orphan)


def test_check_reports_missing_stale_and_extra_documents(sync):
    a, b, c = (factories.enterprise() for _ in range(3))
    sync()
    client = search_client()
    client.delete(index=ENTERPRISES.alias, id=str(a.pk), refresh=True)
    Enterprise.objects.filter(pk=b.pk).update(address="绕过服务直接改的地址")
    ghost = indexed("enterprises", c.pk) | {"id": c.pk + 1000}
    client.index(index=ENTERPRISES.alias, id=str(c.pk + 1000), body=ghost, refresh=True)

    report = search_index_check(key="enterprises")

    assert report.missing == [a.pk]
    assert report.stale == [b.pk]
    assert report.extra == [c.pk + 1000]
    out = io.StringIO()
    with pytest.raises(CommandError, match="3 documents differ"):
        call_command("search_index", "check", "--index", "enterprises", stdout=out)
    assert f"missing: {a.pk}" in out.getvalue()
    assert f"stale: {b.pk}" in out.getvalue()

    call_command("search_index", "rebuild", "--index", "enterprises", stdout=out)
    call_command("search_index", "check", stdout=out)
    assert "missing 0, stale 0, extra 0" in out.getvalue()


def test_commands_report_progress_and_counts(sync):
    for i in range(3):
        record_violation(factories.enterprise(), day=i + 1)
    out = io.StringIO()

    call_command("search_sync", "--once", stdout=out)
    assert "Search sync: 9 outbox rows" in out.getvalue()

    out = io.StringIO()
    call_command(
        "search_index",
        "rebuild",
        "--index",
        "violations",
        "--batch-size",
        "2",
        stdout=out,
    )
    text = out.getvalue()
    assert "Indexed 2/3 violations..." in text and "Indexed 3/3 violations..." in text
    assert f"{VIOLATIONS.alias} → {VIOLATIONS.alias}-v2: 3 documents" in text

    call_command("search_index", "ensure", stdout=out)
    assert "Search indices exist." in out.getvalue()

    with pytest.raises(CommandError):
        call_command("search_index", "rebuild", "--batch-size", "0", stdout=out)
    with pytest.raises(CommandError):
        call_command("search_sync", "--once", "--batch-size", "0", stdout=out)


def test_ensure_fills_new_indices_from_the_database(search_prefix):
    enterprise = factories.enterprise()
    record_violation(enterprise)
    SearchOutbox.objects.all().delete()  # as if drained to a node that was since lost

    call_command("search_index", "ensure", stdout=io.StringIO())
    refresh()

    assert indexed("enterprises", enterprise.pk)["violation_count"] == 1
    assert_index_matches_database()
