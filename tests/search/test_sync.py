"""The outbox drain: committed changes reach the index, nothing else does, nothing is
lost while the engine is down, and late writes never replace newer documents."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from enforcement.models import PenaltyKind, Violation, ViolationType
from enforcement.services import violation_record
from enterprises.services import enterprise_rename
from licensing.services import licence_revoke
from search import services
from search.documents import ENTERPRISES
from search.models import SearchOutbox
from search.outbox import search_outbox_enqueue, search_outbox_enqueue_many
from search.selectors import enterprise_search
from search.services import (
    MAX_BACKOFF_SECONDS,
    search_documents_build,
    search_documents_write,
    search_outbox_drain,
    search_outbox_handler_register,
    search_version_next,
)
from tests import factories
from tests.search.conftest import indexed, refresh, search_db

pytestmark = search_db

DEAD_ENGINE = "http://127.0.0.1:9"  # discard port: connection refused at once


def record_violation(enterprise, *, on=datetime.date(2024, 5, 6), fine="5000", **kw):
    return violation_record(
        enterprise=enterprise,
        violation_type=kw.pop("violation_type", ViolationType.objects.first()),
        decided_on=on,
        penalty_kind=kw.pop("penalty_kind", PenaltyKind.FINE),
        fine_amount=Decimal(fine),
        source=Violation.Source.MANUAL,
        decision_number=kw.pop("decision_number", f"武市监处罚〔{on.year}〕{on.day}号"),
        **kw,
    )


def test_committed_changes_are_indexed_and_their_rows_deleted(sync):
    enterprise = factories.enterprise(name="武汉东湖茶业有限公司")
    violation = record_violation(enterprise)
    assert SearchOutbox.objects.count() == 3  # register: 1; violation: itself + holder

    result = sync()

    assert result.rows == 3 and result.failed_rows == 0
    assert SearchOutbox.objects.count() == 0
    doc = indexed("enterprises", enterprise.pk)
    assert doc["name_display"] == "武汉东湖茶业有限公司"
    assert doc["violation_count"] == 1
    assert doc["decision_numbers"] == ["武市监处罚20246号"]  # bracket-free key
    vdoc = indexed("violations", violation.pk)
    assert vdoc["enterprise_name"] == "武汉东湖茶业有限公司"
    assert vdoc["fine_amount"] == 5000.0


def test_rolled_back_transaction_leaves_no_document(sync):
    kept = factories.enterprise(name="武汉保留食品有限公司")
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.enterprise(name="武汉回滚食品有限公司")
        raise RuntimeError("the caller changed its mind")

    sync()

    assert SearchOutbox.objects.count() == 0
    assert enterprise_search(query="回滚").total == 0
    assert enterprise_search(query="保留").results[0]["id"] == kept.pk
    assert search_client_count() == 1


def search_client_count() -> int:
    from search.client import search_client

    return search_client().count(index=ENTERPRISES.alias)["count"]


def test_engine_down_then_up_loses_nothing(sync, settings):
    first = factories.enterprise(name="武汉断网前食品有限公司")
    sync()
    live = settings.SEARCH_URL
    settings.SEARCH_URL = DEAD_ENGINE
    # Writes and workflows carry on while the engine is unreachable.
    during = factories.enterprise(name="武汉断网中食品有限公司")
    enterprise_rename(enterprise=first, new_name="武汉断网改名食品有限公司")
    violation = record_violation(during)
    rows = SearchOutbox.objects.count()

    result = search_outbox_drain()

    assert result.failed_rows == result.rows == rows
    assert SearchOutbox.objects.count() == rows
    row = SearchOutbox.objects.first()
    assert row.attempts == 1 and row.last_error
    assert row.scheduled_for > timezone.now()
    assert search_outbox_drain().rows == 0  # backing off: not due yet

    settings.SEARCH_URL = live
    result = sync(now=timezone.now() + datetime.timedelta(hours=2))

    assert result.failed_rows == 0 and SearchOutbox.objects.count() == 0
    assert (
        indexed("enterprises", first.pk)["name_display"] == "武汉断网改名食品有限公司"
    )
    assert indexed("enterprises", during.pk)["violation_count"] == 1
    assert indexed("violations", violation.pk) is not None


def test_backoff_doubles_up_to_an_hour(search_indices, settings):
    factories.enterprise()
    settings.SEARCH_URL = DEAD_ENGINE
    now = timezone.now()
    delays = []
    for _ in range(14):
        search_outbox_drain(now=now)
        row = SearchOutbox.objects.get()
        delays.append(round((row.scheduled_for - now).total_seconds()))
        now = row.scheduled_for
    assert delays[:5] == [1, 2, 4, 8, 16]
    assert delays[-2:] == [MAX_BACKOFF_SECONDS, MAX_BACKOFF_SECONDS]
    assert SearchOutbox.objects.get().attempts == 14


def test_out_of_order_writes_keep_the_newest_document(sync):
    enterprise = factories.enterprise(name="武汉先后食品有限公司")
    sync()
    # A slow worker reads the enterprise, then stalls before writing...
    stale_version = search_version_next()
    stale_docs = search_documents_build(key="enterprises", ids={enterprise.pk})
    # ...meanwhile the enterprise is renamed and a faster worker indexes that.
    enterprise_rename(enterprise=enterprise, new_name="武汉后来食品有限公司")
    sync()
    # The slow worker's write arrives last and is refused as older.
    result = search_documents_write(
        spec=ENTERPRISES, docs=stale_docs, version=stale_version
    )
    refresh()

    assert result.stale == 1 and result.written == 0 and not result.failed
    assert (
        indexed("enterprises", enterprise.pk)["name_display"] == "武汉后来食品有限公司"
    )


def test_change_committing_after_a_later_outbox_id_is_not_lost(sync):
    """Outbox ids are given at insert, not at commit: a change can commit with a lower
    id after a higher one was indexed. Versions from a fresh sequence value keep it."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    enterprise = factories.enterprise(name="武汉早写晚提交有限公司")
    sync()
    renamed, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_rename():
        try:
            with transaction.atomic():
                enterprise_rename(
                    enterprise=enterprise, new_name="武汉晚提交新名有限公司"
                )
                renamed.set()  # its outbox row now has the lower id, uncommitted
                release.wait(10)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=slow_rename)
    thread.start()
    assert renamed.wait(10)
    record_violation(enterprise)  # commits rows with higher ids for the same document
    sync()
    assert (
        indexed("enterprises", enterprise.pk)["name_display"]
        == "武汉早写晚提交有限公司"
    )
    release.set()
    assert done.wait(10)
    thread.join()

    sync()

    doc = indexed("enterprises", enterprise.pk)
    assert doc["name_display"] == "武汉晚提交新名有限公司"
    assert doc["violation_count"] == 1


def test_workers_skip_rows_another_worker_holds(sync):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL")
    for _ in range(6):
        factories.enterprise()
    held_ids = list(
        SearchOutbox.objects.order_by("id").values_list("id", flat=True)[:3]
    )
    holding, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(SearchOutbox.objects.select_for_update().filter(id__in=held_ids))
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert holding.wait(10)
    result = search_outbox_drain()
    assert result.rows == 3
    assert sorted(SearchOutbox.objects.values_list("id", flat=True)) == held_ids
    release.set()
    thread.join()
    assert sync().rows == 3
    assert search_client_count() == 6


def test_licence_change_reindexes_its_holder(sync, clerk):
    licence = factories.food_licence()
    sync()
    assert indexed("enterprises", licence.holder_id)["licence_states"] == ["valid"]

    licence_revoke(
        licence=licence, actor=clerk, ground="ineligible_applicant", reason="不符合条件"
    )
    sync()

    doc = indexed("enterprises", licence.holder_id)
    assert doc["licence_states"] == ["revoked"]
    assert doc["risk_labels"] == ["licence_revoked"]


def test_deleted_violation_leaves_both_indices(sync):
    enterprise = factories.enterprise()
    kept = record_violation(enterprise, on=datetime.date(2023, 1, 9))
    gone = record_violation(enterprise, on=datetime.date(2024, 2, 3))
    sync()
    assert indexed("enterprises", enterprise.pk)["violation_count"] == 2
    gone_pk = gone.pk
    # A deletion service would enqueue the record before deleting it, like this.
    with transaction.atomic():
        search_outbox_enqueue(instance=gone, op=SearchOutbox.Op.DELETE)
        gone.delete()

    sync()

    assert indexed("violations", gone_pk) is None
    assert indexed("violations", kept.pk) is not None
    assert indexed("enterprises", enterprise.pk)["violation_count"] == 1


def test_rows_of_unknown_records_wait_and_registered_ones_are_indexed(sync):
    enterprise = factories.enterprise()
    sync()
    with transaction.atomic():
        search_outbox_enqueue_many(model_label="online.takedown", pks=[7])

    result = sync()

    assert result.failed_rows == 1
    row = SearchOutbox.objects.get()
    assert row.attempts == 1 and "online.takedown" in row.last_error

    search_outbox_handler_register(
        model_label="online.takedown",
        handler=lambda pks: {pk: {"enterprises": {enterprise.pk}} for pk in pks},
    )
    try:
        result = sync(now=timezone.now() + datetime.timedelta(minutes=5))
    finally:
        services.OUTBOX_HANDLERS.pop("online.takedown")
    assert result.failed_rows == 0 and result.documents == 1
    assert SearchOutbox.objects.count() == 0


def test_drain_queries_do_not_grow_with_the_batch(sync, django_assert_max_num_queries):
    def make(n):
        for i in range(n):
            enterprise = factories.enterprise()
            enterprise_rename(
                enterprise=enterprise, new_name=f"武汉批量改名{i}有限公司"
            )
            factories.food_licence(holder=enterprise)
            record_violation(enterprise)

    make(2)
    with django_assert_max_num_queries(14) as small:
        assert search_outbox_drain(batch_size=1000).rows == 2 * 6
    make(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert search_outbox_drain(batch_size=1000).rows == 25 * 6
