"""Keeping the index a projection of the database: drain the outbox, rebuild, check.

The database is the truth. Domain services write an outbox row in their own transaction
(`search.outbox`); `search_outbox_drain` turns committed rows into documents built from the
database as it is when the drain runs, so a rolled-back change never reaches the index and
a row only says which record to look at again.

Document versions
-----------------
Every write uses `version_type=external` with a version from `search_version_next()`,
taken *after* the drain has locked its outbox rows and *before* it reads the database.
So a document with a higher version was always built from a later read, which sees every
change whose row an earlier drain (or a rebuild batch) covered. A slower worker whose
older read arrives late is refused (409) and loses nothing; its rows are done.

"Highest outbox id covered" would be simpler but is wrong on PostgreSQL: ids are handed
out when a row is inserted, not when its transaction commits, so a change can commit with
a lower id after a higher one has been indexed, and its re-index would be refused. On
PostgreSQL the version is therefore a fresh value of the outbox's own id sequence
(`nextval`; outside transactions, so taking it locks nothing). SQLite (`make run`) admits
one writer at a time, so its ids are in commit order and the highest id committed is the
version.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .client import SearchUnavailable, TransportError, engine_call, search_client
from .documents import (
    INDEXES,
    VIOLATIONS,
    IndexSpec,
    document_json,
    enterprise_document,
    source_fingerprint,
    violation_document,
)
from .exports import EXPORT_WRITERS
from .models import SearchExport, SearchOutbox
from .selectors import (
    enterprise_index_sources,
    enterprise_index_sources_after,
    enterprise_search_rows,
    index_source_count,
    index_source_existing_ids,
    licence_holder_ids,
    violation_enterprise_ids,
    violation_ids_for_enterprises,
    violation_index_sources,
    violation_index_sources_after,
)

logger = logging.getLogger(__name__)

SEARCH_REBUILD_IN_PROGRESS = _(
    "索引 %(index)s 正在由另一进程重建（%(other)s）；确认该进程已中止后可加 --force 重试。"
)
SEARCH_REBUILD_FAILED = _("重建索引 %(index)s 失败：%(error)s")
SEARCH_OUTBOX_NO_HANDLER = _("检索同步尚不支持此类记录：%s")

MAX_BACKOFF_SECONDS = 3600
BULK_FILTER_PATH = "items.*._id,items.*.status,items.*.error"

# index key -> document ids a change makes stale
Targets = dict[str, set[int]]
# object pks (as stored in the outbox) -> the documents each one affects
OutboxHandler = Callable[[set[str]], dict[str, Targets]]


# --- versions ----------------------------------------------------------------------


def search_version_next() -> int:
    """A document version no earlier read of the database can exceed (module docstring)."""
    table = SearchOutbox._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
            return cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            return row[0] if row else 0
    raise NotImplementedError(f"no search versions on {connection.vendor}")


# --- outbox handlers: which documents a changed record affects ------------------------


def _ints(pks: set[str]) -> list[int]:
    return [int(pk) for pk in pks]


def _enterprise_targets(pks: set[str]) -> dict[str, Targets]:
    # Violation documents repeat the enterprise's name and code, so they follow it.
    ids = _ints(pks)
    violations = violation_ids_for_enterprises(enterprise_ids=ids)
    return {
        str(pk): {"enterprises": {pk}, "violations": set(violations.get(pk, ()))}
        for pk in ids
    }


def _licence_targets(pks: set[str]) -> dict[str, Targets]:
    holders = licence_holder_ids(pks=_ints(pks))
    return {
        str(pk): {"enterprises": {holders[pk]}} if pk in holders else {}
        for pk in _ints(pks)
    }


def _violation_targets(pks: set[str]) -> dict[str, Targets]:
    ids = _ints(pks)
    enterprise_of = violation_enterprise_ids(pks=ids)
    gone = [pk for pk in ids if pk not in enterprise_of]
    if gone:
        # A deleted violation's enterprise is known only to the index now.
        enterprise_of.update(_indexed_violation_enterprises(gone))
    result = {}
    for pk in ids:
        targets: Targets = {"violations": {pk}}
        if pk in enterprise_of:
            targets["enterprises"] = {enterprise_of[pk]}
        result[str(pk)] = targets
    return result


OUTBOX_HANDLERS: dict[str, OutboxHandler] = {
    "enterprises.enterprise": _enterprise_targets,
    "licensing.licence": _licence_targets,
    "enforcement.violation": _violation_targets,
}


def search_outbox_handler_register(*, model_label: str, handler: OutboxHandler) -> None:
    """Let another app's records feed the index (e.g. online takedowns → enterprise).
    Call from its AppConfig.ready(); rows of unregistered labels wait in the outbox."""
    OUTBOX_HANDLERS[model_label] = handler


def _indexed_violation_enterprises(pks: list[int]) -> dict[int, int]:
    response = engine_call(
        search_client().mget,
        index=VIOLATIONS.alias,
        body={"ids": [str(pk) for pk in pks]},
        _source_includes=["enterprise_id"],
    )
    return {
        int(doc["_id"]): doc["_source"]["enterprise_id"]
        for doc in response["docs"]
        if doc.get("found")
    }


# --- building and writing documents -----------------------------------------------

_SOURCES = {
    "enterprises": (enterprise_index_sources, enterprise_document),
    "violations": (violation_index_sources, violation_document),
}
_SOURCE_PAGES = {
    "enterprises": enterprise_index_sources_after,
    "violations": violation_index_sources_after,
}


def search_documents_build(*, key: str, ids: set[int]) -> dict[int, dict | None]:
    """Documents for these ids from the database now; None for ids no longer there."""
    read, build = _SOURCES[key]
    docs: dict[int, dict | None] = dict.fromkeys(ids)
    for source in read(pks=ids):
        docs[source["id"]] = build(source)
    return docs


def _write_targets(spec: IndexSpec) -> list[str]:
    """The live alias, and the new index of a rebuild in progress if there is one.
    Nothing when neither exists yet: the rows then wait for `search_index ensure`."""
    client = search_client()
    return [
        alias
        for alias in (spec.alias, spec.rebuild_alias)
        if engine_call(client.indices.exists_alias, name=alias)
    ]


@dataclass
class WriteResult:
    written: int = 0
    deleted: int = 0
    stale: int = 0
    failed: dict[int, str] = field(default_factory=dict)


def _bulk_lines(
    docs: dict[int, dict | None], *, index: str, version: int
) -> list[bytes]:
    lines = []
    for pk, doc in docs.items():
        meta = (
            f'{{"_index":"{index}","_id":"{pk}",'
            f'"version":{version},"version_type":"external"}}'
        )
        if doc is None:
            lines.append(f'{{"delete":{meta}}}'.encode())
        else:
            lines.append(f'{{"index":{meta}}}'.encode())
            lines.append(document_json(doc))
    return lines


def search_bulk_send(
    lines: list[bytes], *, require_alias: bool = False, refresh: bool = False
) -> list[dict]:
    """One `_bulk` request of pre-serialised lines; returns the per-item results."""
    body = b"\n".join(lines) + b"\n"
    # Only what is checked per item: a tenth of the full answer to build and parse.
    params = {"filter_path": BULK_FILTER_PATH}
    if require_alias:
        params["require_alias"] = "true"
    if refresh:
        params["refresh"] = "true"
    response = engine_call(
        search_client().bulk, body=body, params=params, request_timeout=_slow()
    )
    return response["items"]


def _slow() -> float:
    return float(settings.SEARCH_BULK_TIMEOUT_SECONDS)


def _collect(items: list[dict], result: WriteResult) -> None:
    for item in items:
        ((action, info),) = item.items()
        pk = int(info["_id"])
        status = info.get("status", 500)
        if status in (200, 201):
            if action == "delete":
                result.deleted += 1
            else:
                result.written += 1
        elif status == 409:
            # A newer version is there already: this write is obsolete, not failed.
            result.stale += 1
        elif action == "delete" and status == 404:
            result.deleted += 1
        else:
            error = info.get("error", {})
            result.failed[pk] = (
                f"{error.get('type', status)}: {error.get('reason', '')}"
                if isinstance(error, dict)
                else str(error)
            )


def search_documents_write(
    *,
    spec: IndexSpec,
    docs: dict[int, dict | None],
    version: int,
    refresh: bool = False,
) -> WriteResult:
    """Index (or delete, for None) documents in every write target of `spec`."""
    result = WriteResult()
    if not docs:
        return result
    targets = _write_targets(spec)
    if not targets:
        result.failed = dict.fromkeys(docs, f"no index {spec.alias}")
        return result
    lines = []
    for target in targets:
        lines.extend(_bulk_lines(docs, index=target, version=version))
    _collect(search_bulk_send(lines, require_alias=True, refresh=refresh), result)
    return result


# --- the drain -----------------------------------------------------------------------


@dataclass
class DrainResult:
    rows: int = 0
    documents: int = 0
    stale: int = 0
    deleted: int = 0
    failed_rows: int = 0
    error: str = ""


def _backoff(rows: list[SearchOutbox], error: str, now) -> None:
    """Double the wait before the next attempt, up to an hour."""
    for row in rows:
        delay = min(2**row.attempts, MAX_BACKOFF_SECONDS)
        row.attempts += 1
        row.scheduled_for = now + datetime.timedelta(seconds=delay)
        row.last_error = error[:2000]
    SearchOutbox.objects.bulk_update(rows, ["attempts", "scheduled_for", "last_error"])


def search_outbox_drain(*, batch_size: int | None = None, now=None) -> DrainResult:
    """Index the changes of one batch of due outbox rows and delete those rows.

    Runs its own short transaction: it locks up to `batch_size` rows (SKIP LOCKED, so
    several workers share the work), coalesces them per record, builds each affected
    document once from the database, writes them all in one bulk request and deletes the
    rows that succeeded. Rows that failed are kept and retried later with a doubled
    delay. Only outbox rows are locked while the engine is called. When the engine is
    down the whole batch is kept: nothing is lost, the worker catches up later.
    """
    assert not connection.in_atomic_block, (
        "search_outbox_drain runs its own transactions; call it outside one"
    )
    batch_size = batch_size or settings.SEARCH_SYNC_BATCH_SIZE
    now = now or timezone.now()
    result = DrainResult()
    with transaction.atomic():
        rows = list(
            SearchOutbox.objects.select_for_update(skip_locked=True)
            .filter(scheduled_for__lte=now)
            .order_by("id")[:batch_size]
        )
        if not rows:
            return result
        result.rows = len(rows)
        version = search_version_next()
        by_label: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            by_label[row.model_label].add(row.object_pk)
        unknown = [row for row in rows if row.model_label not in OUTBOX_HANDLERS]
        try:
            failed_objects = _sync(by_label, version, result)
        except (SearchUnavailable, TransportError) as exc:
            logger.warning("search drain: engine unavailable: %s", exc)
            result.error = str(exc)
            result.failed_rows = len(rows)
            _backoff(rows, result.error, now)
            return result
        failed = [
            row for row in rows if (row.model_label, row.object_pk) in failed_objects
        ]
        if unknown:
            _backoff(
                unknown, str(SEARCH_OUTBOX_NO_HANDLER) % unknown[0].model_label, now
            )
        done = {row.pk for row in rows} - {row.pk for row in failed + unknown}
        if failed:
            result.error = next(iter(failed_objects.values()))
            _backoff(failed, result.error, now)
        result.failed_rows = len(failed) + len(unknown)
        SearchOutbox.objects.filter(pk__in=done).delete()
    return result


def _sync(
    by_label: dict[str, set[str]], version: int, result: DrainResult
) -> dict[tuple[str, str], str]:
    """Build and write what the changed objects affect; returns the failed objects."""
    object_targets: dict[tuple[str, str], Targets] = {}
    wanted: dict[str, set[int]] = defaultdict(set)
    for label, pks in by_label.items():
        handler = OUTBOX_HANDLERS.get(label)
        if handler is None:
            continue
        for pk, targets in handler(pks).items():
            object_targets[(label, pk)] = targets
            for key, ids in targets.items():
                wanted[key] |= ids
    failed_docs: dict[tuple[str, int], str] = {}
    for key, ids in wanted.items():
        if not ids:
            continue
        docs = search_documents_build(key=key, ids=ids)
        written = search_documents_write(spec=INDEXES[key], docs=docs, version=version)
        result.documents += written.written
        result.stale += written.stale
        result.deleted += written.deleted
        for pk, error in written.failed.items():
            failed_docs[(key, pk)] = error
    failed_objects = {}
    for obj, targets in object_targets.items():
        for key, ids in targets.items():
            errors = [failed_docs[(key, pk)] for pk in ids if (key, pk) in failed_docs]
            if errors:
                failed_objects[obj] = errors[0]
    return failed_objects


def search_outbox_drain_all(*, batch_size: int | None = None, now=None) -> DrainResult:
    """Drain until no due row is left or a batch fails (the engine is down)."""
    total = DrainResult()
    while True:
        step = search_outbox_drain(batch_size=batch_size, now=now)
        total.rows += step.rows
        total.documents += step.documents
        total.stale += step.stale
        total.deleted += step.deleted
        total.failed_rows += step.failed_rows
        total.error = step.error or total.error
        if step.rows == 0 or step.failed_rows == step.rows:
            return total


# --- indices: ensure, rebuild --------------------------------------------------------


def _concrete_indices(spec: IndexSpec) -> list[str]:
    client = search_client()
    found = engine_call(
        client.indices.get, index=f"{spec.concrete_prefix}*", expand_wildcards="all"
    )
    return sorted(
        (name for name in found if spec.concrete_number(name) is not None),
        key=spec.concrete_number,
    )


def _alias_indices(alias: str) -> list[str]:
    found = engine_call(search_client().indices.get_alias, name=alias, ignore=404)
    return sorted(name for name in found if name not in ("error", "status"))


@dataclass
class RebuildResult:
    index: str
    documents: int = 0
    replayed_rows: int = 0
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0


class SearchRebuildError(Exception):
    pass


def search_index_rebuild(
    *,
    key: str,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
    keep_old: bool = False,
) -> RebuildResult:
    """Fill a new concrete index from the database and swap the alias to it.

    1. Create `<alias>-v<N+1>` (refresh off) and point `<alias>-rebuilding` at it:
       from then on every drain writes its documents there too.
    2. Load it in keyset pages, each with a version taken before its read, while the
       previous page is being indexed (one bulk request in flight).
    3. Replay: drain the outbox rows written meanwhile (they reach both indices).
    4. Swap the alias and drop `-rebuilding` in one atomic alias update, then delete
       the old index. Until then searches use the old one; on failure the new one
       is deleted and the old one stays.
    """
    spec = INDEXES[key]
    client = search_client()
    started = time.monotonic()
    existing = _concrete_indices(spec)
    rebuilding = _alias_indices(spec.rebuild_alias)
    if rebuilding and not force:
        raise SearchRebuildError(
            SEARCH_REBUILD_IN_PROGRESS % {"index": spec.alias, "other": rebuilding[0]}
        )
    numbers = [spec.concrete_number(name) for name in existing]
    name = spec.concrete(max(numbers, default=0) + 1)
    engine_call(
        client.indices.create,
        request_timeout=_slow(),
        index=name,
        body=spec.definition(name, loading=True),
    )
    actions = [
        {"remove": {"index": old, "alias": spec.rebuild_alias}} for old in rebuilding
    ]
    actions.append({"add": {"index": name, "alias": spec.rebuild_alias}})
    engine_call(
        client.indices.update_aliases,
        request_timeout=_slow(),
        body={"actions": actions},
    )
    for old in rebuilding:
        engine_call(
            client.indices.delete,
            request_timeout=_slow(),
            index=old,
            ignore_unavailable=True,
        )
    result = RebuildResult(index=name)
    try:
        result.documents = _load(spec, name, batch_size=batch_size, progress=progress)
        if not connection.in_atomic_block:
            result.replayed_rows = _replay()
        engine_call(
            client.indices.put_settings,
            request_timeout=_slow(),
            index=name,
            body={"index": {"refresh_interval": "1s"}},
        )
        engine_call(client.indices.refresh, request_timeout=_slow(), index=name)
        live = _alias_indices(spec.alias)
        actions = [{"remove": {"index": old, "alias": spec.alias}} for old in live]
        actions += [
            {"add": {"index": name, "alias": spec.alias}},
            {"remove": {"index": name, "alias": spec.rebuild_alias}},
        ]
        engine_call(
            client.indices.update_aliases,
            request_timeout=_slow(),
            body={"actions": actions},
        )
    except BaseException:
        try:
            engine_call(
                client.indices.delete,
                request_timeout=_slow(),
                index=name,
                ignore_unavailable=True,
            )
        except SearchUnavailable:
            logger.exception("could not delete the unfinished index %s", name)
        raise
    if not keep_old:
        for old in existing:
            if old != name:
                engine_call(
                    client.indices.delete,
                    request_timeout=_slow(),
                    index=old,
                    ignore_unavailable=True,
                )
                result.removed.append(old)
    result.seconds = time.monotonic() - started
    return result


def _replay() -> int:
    """Drain what was written during the load, so the new index is current at the swap.
    Bounded: under a constant stream of writes the worker (and dual writes) keep up."""
    replayed = 0
    for _attempt in range(50):
        step = search_outbox_drain()
        replayed += step.rows
        if step.rows == 0 or step.failed_rows:
            break
    return replayed


def _load(spec: IndexSpec, name: str, *, batch_size: int, progress) -> int:
    """Bulk-load every document; building page k+1 overlaps indexing page k."""
    read_after = _SOURCE_PAGES[spec.key]
    build = _SOURCES[spec.key][1]
    count = 0
    last = 0
    pending = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as pool:
        while True:
            version = search_version_next()
            sources = read_after(after=last, limit=batch_size)
            if not sources:
                break
            last = sources[-1]["id"]
            docs = {source["id"]: build(source) for source in sources}
            lines = _bulk_lines(docs, index=name, version=version)
            if pending is not None:
                _check_load(pending.result(), name)
            pending = pool.submit(search_bulk_send, lines)
            count += len(docs)
            if progress:
                progress(len(docs))
        if pending is not None:
            _check_load(pending.result(), name)
    return count


def _check_load(items: list[dict], name: str) -> None:
    result = WriteResult()
    _collect(items, result)
    if result.failed:
        pk, error = next(iter(result.failed.items()))
        raise SearchRebuildError(
            SEARCH_REBUILD_FAILED % {"index": name, "error": f"#{pk} {error}"}
        )


def search_indices_ensure(*, batch_size: int = 2000, progress=None) -> list[str]:
    """Create each missing index behind its alias, then fill it from the database (which
    may already hold records). All aliases exist before any loading starts, so the
    worker can write every change meanwhile; versions order its writes and the load's."""
    client = search_client()
    created = []
    for spec in INDEXES.values():
        if _alias_indices(spec.alias):
            continue
        numbers = [spec.concrete_number(name) for name in _concrete_indices(spec)]
        name = spec.concrete(max(numbers, default=0) + 1)
        body = spec.definition(name)
        body["aliases"] = {spec.alias: {}}
        engine_call(
            client.indices.create, request_timeout=_slow(), index=name, body=body
        )
        created.append((spec, name))
    for spec, name in created:
        _load(spec, name, batch_size=batch_size, progress=progress)
        engine_call(client.indices.refresh, request_timeout=_slow(), index=name)
    return [name for _spec, name in created]


# --- check ---------------------------------------------------------------------------


@dataclass
class CheckReport:
    index: str
    database: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    pending_rows: int = 0

    @property
    def drift(self) -> int:
        return len(self.missing) + len(self.stale) + len(self.extra)


_INDEX_LABELS = {
    "enterprises": ["enterprises.enterprise", "licensing.licence"],
    "violations": ["enforcement.violation", "enterprises.enterprise"],
}


def search_index_check(
    *, key: str, batch_size: int = 2000, progress=None
) -> CheckReport:
    """Compare database and index: counts, and per document the fingerprint of the
    database state it was built from (`documents.source_fingerprint`)."""
    spec = INDEXES[key]
    client = search_client()
    read_after = _SOURCE_PAGES[key]
    report = CheckReport(index=spec.alias)
    report.database = index_source_count(key=key)
    engine_call(client.indices.refresh, request_timeout=_slow(), index=spec.alias)
    report.indexed = engine_call(client.count, index=spec.alias)["count"]
    report.pending_rows = SearchOutbox.objects.filter(
        model_label__in=_INDEX_LABELS[key]
    ).count()
    last = 0
    while True:
        sources = read_after(after=last, limit=batch_size)
        if not sources:
            break
        last = sources[-1]["id"]
        found = engine_call(
            client.mget,
            index=spec.alias,
            body={"ids": [str(s["id"]) for s in sources]},
            _source_includes=["fingerprint"],
        )["docs"]
        indexed = {
            int(doc["_id"]): doc["_source"].get("fingerprint")
            for doc in found
            if doc.get("found")
        }
        for source in sources:
            pk = source["id"]
            if pk not in indexed:
                report.missing.append(pk)
            elif indexed[pk] != source_fingerprint(source):
                report.stale.append(pk)
        if progress:
            progress(len(sources))
    if report.indexed + len(report.missing) != report.database:
        report.extra = _extra_documents(spec, key)
    return report


def _extra_documents(spec: IndexSpec, key: str) -> list[int]:
    """Indexed ids the database no longer has (scanned in id order)."""
    client = search_client()
    extra = []
    after = None
    while True:
        body = {
            "size": 5000,
            "sort": [{"id": "asc"}],
            "_source": False,
            "query": {"match_all": {}},
        }
        if after is not None:
            body["search_after"] = after
        hits = engine_call(client.search, index=spec.alias, body=body)["hits"]["hits"]
        if not hits:
            return extra
        ids = [int(hit["_id"]) for hit in hits]
        present = index_source_existing_ids(key=key, ids=ids)
        extra.extend(pk for pk in ids if pk not in present)
        after = hits[-1]["sort"]


# --- exports -------------------------------------------------------------------------


@dataclass
class ExportFile:
    record: SearchExport
    filename: str
    content_type: str
    content: bytes


def search_export(
    *, user, query: str, filters: dict[str, list[str]], export_format: str
) -> ExportFile:
    """Export every result of a search (up to SEARCH_EXPORT_MAX_ROWS) and record who
    exported what. Raises `SearchUnavailable` (nothing recorded) when the engine is down."""
    writer, content_type = EXPORT_WRITERS[export_format]
    rows = enterprise_search_rows(
        query=query, filters=filters, limit=settings.SEARCH_EXPORT_MAX_ROWS
    )
    content = writer(rows)
    record = search_export_record(
        user=user,
        query=query,
        filters=filters,
        export_format=export_format,
        row_count=len(rows),
    )
    stamp = timezone.localtime(record.created_at).strftime("%Y%m%d-%H%M%S")
    return ExportFile(
        record=record,
        filename=f"search-{stamp}.{export_format}",
        content_type=content_type,
        content=content,
    )


@transaction.atomic
def search_export_record(
    *,
    user,
    query: str,
    filters: dict[str, list[str]],
    export_format: str,
    row_count: int,
) -> SearchExport:
    record = SearchExport(
        user=user,
        query=query,
        filters={k: v for k, v in filters.items() if v},
        format=export_format,
        row_count=row_count,
    )
    record.full_clean()
    record.save()
    return record
