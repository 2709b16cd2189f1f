"""Search benchmark: rebuild throughput against raw _bulk, and query latency.

    .venv/bin/python bench/search.py [--enterprises 200000] [--violations 1000000]

Runs in a throwaway PostgreSQL database (test_<name>, created with migrations and dropped
afterwards; --keep-db reuses it) and throwaway indices under
`<SEARCH_INDEX_PREFIX>-bench`. Needs DATABASE_URL (PostgreSQL) and a search node
(SEARCH_URL), as `make bench` provides.

1. Generate the registry in bulk: the demo's generator for enterprises, licences and
   former names, then violations spread over random enterprises up to the target.
2. Pre-serialise every document with the same builders the rebuild uses (untimed), into
   bulk bodies of the rebuild's batch size.
3. Warm the node up, then time (a) a raw `_bulk` load of those bodies into fresh indices
   with the same mappings and (b) `search_index_rebuild` of both indices from the
   database. Both: index creation, one bulk request in flight, final refresh.
4. Query latency for a mixed set of investigator queries: the exact engine request
   sent directly (round trip and the engine's own `took`), and the same search through
   the JSON endpoint over HTTP (a WSGI server thread, session login).
"""

import argparse
import datetime
import os
import platform
import random
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ["SEARCH_INDEX_PREFIX"] = (
    os.environ.get("SEARCH_INDEX_PREFIX", "regengine") + "-bench"
)
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

BATCH = 2000
SLOW = 120  # seconds: bulk and index administration


def log(message: str) -> None:
    print(message, flush=True)


# --- data ---------------------------------------------------------------------------


def generate(enterprises: int, violations: int, seed: int = 2026) -> dict:
    from demo.builders import (
        build_campaigns,
        build_organisation,
        build_registry,
        build_users,
    )
    from enforcement.models import PenaltyKind, Violation, ViolationType
    from enterprises.models import Enterprise
    from search.models import SearchOutbox

    units = build_organisation()
    build_users(units)
    campaigns = build_campaigns(units)
    started = time.monotonic()
    build_registry(size=enterprises, units=units, campaigns=campaigns, seed=seed)
    # The rebuild reads the database itself; the outbox rows the demo wrote are moot.
    SearchOutbox.objects.all().delete()
    rng = random.Random(seed)
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    types = list(ViolationType.objects.all())
    kinds = [PenaltyKind.FINE] * 7 + [PenaltyKind.WARNING, PenaltyKind.CONFISCATION]
    fines = [0, 500, 2000, 5000, 10000, 30000, 50000, 100000, 200000, 1000000]
    existing = Violation.objects.count()
    missing = violations - existing
    seq = existing  # decision numbers stay unique when --keep tops up a kept database
    while missing > 0:
        batch = []
        for _ in range(min(10000, missing)):
            seq += 1
            year = rng.randint(2015, 2025)
            decided = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            kind = rng.choice(kinds)
            vtype = rng.choice(types)
            batch.append(
                Violation(
                    enterprise_id=rng.choice(ids),
                    violation_type=vtype,
                    legal_basis=vtype.penalty_provision,
                    decision_number=f"武市监处罚〔{year}〕B{seq}号",
                    decided_on=decided,
                    penalty_kind=kind,
                    fine_amount=Decimal(
                        rng.choice(fines) if kind != PenaltyKind.WARNING else 0
                    ),
                    facts=f"当事人{vtype.name}。",
                    campaign=next(
                        (
                            c
                            for c in campaigns
                            if c.starts_on <= decided <= c.ends_on
                            and rng.random() < 0.5
                        ),
                        None,
                    ),
                    source=Violation.Source.HISTORY_IMPORT,
                    source_reference=f"基准数据{year}",
                )
            )
        with transaction.atomic():
            Violation.objects.bulk_create(batch, batch_size=5000)
        missing -= len(batch)
    return {
        "enterprises": Enterprise.objects.count(),
        "violations": Violation.objects.count(),
        "seconds": time.monotonic() - started,
    }


# --- indexing -------------------------------------------------------------------------


def preserialise(spool) -> list[tuple[str, int, int, int]]:
    """Every document as bulk bodies of BATCH documents: (key, offset, length, docs)."""
    from search.documents import enterprise_document, violation_document
    from search.selectors import (
        enterprise_index_sources_after,
        violation_index_sources_after,
    )
    from search.services import _bulk_lines

    bodies = []
    for key, read, build in (
        ("enterprises", enterprise_index_sources_after, enterprise_document),
        ("violations", violation_index_sources_after, violation_document),
    ):
        last = 0
        while True:
            sources = read(after=last, limit=BATCH)
            if not sources:
                break
            last = sources[-1]["id"]
            docs = {s["id"]: build(s) for s in sources}
            lines = _bulk_lines(docs, index=f"__{key}__", version=1)
            body = b"\n".join(lines) + b"\n"
            offset = spool.tell()
            spool.write(body)
            bodies.append((key, offset, len(body), len(docs)))
    spool.flush()
    return bodies


def raw_bulk(spool, bodies, *, prefix: str) -> tuple[int, float]:
    from concurrent.futures import ThreadPoolExecutor

    from search.client import search_client
    from search.documents import INDEXES
    from search.services import BULK_FILTER_PATH

    client = search_client()
    started = time.monotonic()
    names = {}
    for key, spec in INDEXES.items():
        names[key] = f"{prefix}-{key}"
        client.indices.delete(index=names[key], ignore=404, request_timeout=SLOW)
        client.indices.create(
            index=names[key],
            body=spec.definition(names[key], loading=True),
            request_timeout=SLOW,
        )
    count = 0
    pending = None

    def send(body: bytes):
        # The same response filtering as the rebuild's requests.
        response = client.bulk(
            body=body, request_timeout=SLOW, filter_path=BULK_FILTER_PATH
        )
        assert all(i[next(iter(i))]["status"] < 300 for i in response["items"])

    with ThreadPoolExecutor(max_workers=1) as pool:
        for key, offset, length, docs in bodies:
            spool.seek(offset)
            body = spool.read(length).replace(
                f"__{key}__".encode(), names[key].encode()
            )
            if pending is not None:
                pending.result()
            pending = pool.submit(send, body)
            count += docs
        pending.result()
    for name in names.values():
        client.indices.put_settings(
            index=name,
            body={"index": {"refresh_interval": "1s"}},
            request_timeout=SLOW,
        )
        client.indices.refresh(index=name, request_timeout=SLOW)
    seconds = time.monotonic() - started
    for name in names.values():
        client.indices.delete(index=name, request_timeout=SLOW)
    return count, seconds


def rebuild() -> tuple[int, float]:
    from search.services import search_index_rebuild

    started = time.monotonic()
    count = 0
    for key in ("enterprises", "violations"):
        count += search_index_rebuild(key=key, batch_size=BATCH).documents
    return count, time.monotonic() - started


# --- queries --------------------------------------------------------------------------


def query_set(n_per_kind: int, seed: int) -> list[tuple[str, str, dict]]:
    import opencc

    from campaigns.models import Campaign
    from enforcement.models import Violation
    from enterprises.models import Enterprise
    from search import chinese

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    sample = list(
        Enterprise.objects.filter(pk__in=rng.sample(ids, n_per_kind))
        .order_by("pk")
        .values(
            "name",
            "credit_code",
            "legal_representative",
            "address",
            "district__region_code",
        )
    )
    years = sorted(set(Violation.objects.values_list("decided_on__year", flat=True)))
    types = list(
        Violation.objects.values_list("violation_type__code", flat=True).distinct()[:20]
    )
    campaigns = list(Campaign.objects.values_list("code", flat=True))
    queries = []
    for e in sample:
        name = e["name"]
        cut = rng.randint(2, max(2, len(name) - 6))
        part = name[cut : cut + rng.randint(2, 4)]
        full, initials = chinese.pinyin_forms(name)
        queries += [
            ("exact name", name, {}),
            ("partial name", part, {}),
            ("full pinyin", full[min(2, len(full) - 1)][: rng.randint(5, 12)], {}),
            ("initials", initials[0][: rng.randint(3, 5)], {}),
            ("traditional", s2t.convert(name[:6]), {}),
            ("credit code prefix", e["credit_code"][: rng.randint(8, 14)], {}),
            ("legal representative", e["legal_representative"], {}),
            (
                "name + facets",
                part,
                {
                    "district": [e["district__region_code"]],
                    "year": [str(rng.choice(years))],
                },
            ),
            (
                "facets only",
                "",
                rng.choice(
                    [
                        {"violation_type": [rng.choice(types)]},
                        {"campaign": [rng.choice(campaigns)]},
                        {"year": [str(rng.choice(years))], "fine_band": ["gte_100k"]},
                        {
                            "violation_type": [rng.choice(types)],
                            "fine_band": ["gte_100k"],
                        },
                    ]
                ),
            ),
        ]
    return [(kind, q, f) for kind, q, f in queries if q or f]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure_queries(warmup, queries) -> dict:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.handlers.wsgi import WSGIHandler

    from organisation.models import User
    from search.client import search_client
    from search.documents import ENTERPRISES
    from search.selectors import enterprise_search_request

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, WSGIHandler(), handler_class=Quiet)

    def serve():
        server.serve_forever()
        connection.close()  # the database is dropped afterwards

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/search/api/enterprises/"
    login = Client()
    login.force_login(User.objects.get(username="zhangwei"))
    http = requests.Session()
    http.cookies.set(
        settings.SESSION_COOKIE_NAME, login.cookies[settings.SESSION_COOKIE_NAME].value
    )
    client = search_client()

    def engine(q, f):
        body = enterprise_search_request(query=q, filters=f).to_dict()
        t = time.perf_counter()
        response = client.msearch(index=ENTERPRISES.alias, body=body)
        assert not any("error" in r for r in response["responses"])
        return (time.perf_counter() - t) * 1000, response["took"]

    def endpoint(q, f):
        params = [("q", q)] + [(k, v) for k, vs in f.items() for v in vs]
        t = time.perf_counter()
        response = http.get(base + "?" + urlencode(params))
        elapsed = (time.perf_counter() - t) * 1000
        assert response.status_code == 200, response.text[:300]
        return elapsed

    # Warm the JVM, caches and connections with other queries than those measured, so
    # the shard request cache holds only what the measured mix itself repeats.
    for _kind, q, f in warmup:
        engine(q, f)
        endpoint(q, f)
    results = {}
    for label, cold in (("warm", False), ("cold", True)):
        run = results[label] = {"engine": [], "took": [], "endpoint": [], "by_kind": {}}
        for kind, q, f in queries:
            if cold:
                # Worst case: nothing from the shard request cache (as right after
                # the index changed).
                client.indices.clear_cache(index=ENTERPRISES.alias, request=True)
            rt, took = engine(q, f)
            if cold:
                client.indices.clear_cache(index=ENTERPRISES.alias, request=True)
            ep = endpoint(q, f)
            run["engine"].append(rt)
            run["took"].append(took)
            run["endpoint"].append(ep)
            run["by_kind"].setdefault(kind, []).append(rt)
    server.shutdown()
    thread.join()
    return results


# --- main -------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=200_000)
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--queries-per-kind", type=int, default=60)
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating raw/rebuild load pairs"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep (and reuse) the database and the rebuilt indices, for analysis",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/search.py needs PostgreSQL: set DATABASE_URL")

    from search.client import search_client
    from search.services import search_indices_ensure

    setup_test_environment()
    # Its own database name: never the one pytest creates and drops.
    name = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"bench_{name}_{args.enterprises}_{args.violations}"
    )
    databases = setup_databases(verbosity=0, interactive=False, keepdb=args.keep)
    client = search_client()
    prefix = settings.SEARCH_INDEX_PREFIX
    client.indices.delete(
        index=f"{prefix}-*", expand_wildcards="all", ignore_unavailable=True
    )
    try:
        log(f"Machine: {machine()}; node {client.info()['version']['number']}")
        search_indices_ensure()
        data = generate(args.enterprises, args.violations)
        log(
            f"Data: {data['enterprises']} enterprises, {data['violations']} violations "
            f"(generated in {data['seconds']:.0f} s)"
        )
        with tempfile.TemporaryFile() as spool:
            t = time.monotonic()
            bodies = preserialise(spool)
            log(
                f"Pre-serialised {sum(b[3] for b in bodies)} documents in {time.monotonic() - t:.0f} s"
            )
            # Warm the node (JIT, caches) before either timed load.
            raw_bulk(
                spool, bodies[:: max(1, len(bodies) // 20)], prefix=f"{prefix}-warm"
            )
            # Alternate the two loads and keep each one's best time: on a shared
            # machine the load of other processes changes between minutes, and a
            # single pair measured apart compares different machines.
            raw_times, rebuild_times = [], []
            for _round in range(args.rounds):
                raw_docs, seconds = raw_bulk(spool, bodies, prefix=f"{prefix}-raw")
                raw_times.append(seconds)
                rebuilt_docs, seconds = rebuild()
                rebuild_times.append(seconds)
        raw_s, rebuild_s = min(raw_times), min(rebuild_times)
        raw_rate, rebuild_rate = raw_docs / raw_s, rebuilt_docs / rebuild_s
        log("")
        log("| load | documents | best seconds | documents/s | all rounds, s |")
        log("|---|---:|---:|---:|---|")
        for label, docs, best, rate, times in (
            ("raw `_bulk`, pre-serialised", raw_docs, raw_s, raw_rate, raw_times),
            (
                "`search_index rebuild` from the database",
                rebuilt_docs,
                rebuild_s,
                rebuild_rate,
                rebuild_times,
            ),
        ):
            rounds = ", ".join(f"{t:.0f}" for t in times)
            log(f"| {label} | {docs} | {best:.1f} | {rate:.0f} | {rounds} |")
        log(f"\nRebuild / raw bulk: {rebuild_rate / raw_rate:.2f} (target ≥ 0.70)")

        warmup = query_set(args.queries_per_kind, seed=1)
        queries = query_set(args.queries_per_kind, seed=7)
        results = measure_queries(warmup, queries)
        kinds = len(results["warm"]["by_kind"])
        log(
            f"\n{len(queries)} queries, {len(queries) // kinds} of each of {kinds} kinds, ms."
        )
        log("Warm: the shard request cache as the mix itself leaves it; cold: emptied")
        log("before every query.\n")
        log("| pass | measured | p50 | p95 |")
        log("|---|---|---:|---:|")
        for label, run in results.items():
            for name, key in (
                ("engine, `took`", "took"),
                ("engine, round trip", "engine"),
                ("JSON endpoint over HTTP", "endpoint"),
            ):
                p50, p95 = percentile(run[key], 50), percentile(run[key], 95)
                log(f"| {label} | {name} | {p50:.1f} | {p95:.1f} |")
        log("")
        for label, run in results.items():
            e95 = percentile(run["engine"], 95)
            ep95 = percentile(run["endpoint"], 95)
            log(
                f"{label}: endpoint p95 / engine p95 = {ep95 / e95:.2f} (target ≤ 1.5); "
                f"engine p95 {e95:.1f} ms (target ≤ 50)"
            )
        log("\n| query kind | warm p50 | warm p95 | cold p50 | cold p95 |")
        log("|---|---:|---:|---:|---:|")
        for kind in results["warm"]["by_kind"]:
            w, c = results["warm"]["by_kind"][kind], results["cold"]["by_kind"][kind]
            log(
                f"| {kind} | {percentile(w, 50):.1f} | {percentile(w, 95):.1f} "
                f"| {percentile(c, 50):.1f} | {percentile(c, 95):.1f} |"
            )
    finally:
        if not args.keep:
            client.indices.delete(
                index=f"{prefix}-*", expand_wildcards="all", ignore_unavailable=True
            )
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
