"""Bounded pages: what users open, at 1,000 and 10,000 open tasks for one investigator.

    .venv/bin/python bench/inbox.py [--sizes 1000,10000] [--requests 20]

Runs in a throwaway PostgreSQL database (bench_<name>_inbox, created with migrations and
dropped afterwards; --keep-db reuses it) and throwaway indices under
`<SEARCH_INDEX_PREFIX>-bench-inbox`. Needs DATABASE_URL (PostgreSQL) and a search node
(SEARCH_URL), as `make bench` provides.

1. The demo registry (`load_demo --size 300`, its users and five cases), indexed.
2. Open tasks for 张伟 (zhangwei, investigator): monitoring hits, each a listing lead
   whose 核查经营主体及管辖 task waits in every investigator's queue, as after an import.
   The first `--real` hits go through the import's own service
   (`listing_lead_register_and_start`: lead, process, task, deadline); the rest are
   copies of those rows made in bulk (same flow, node, permission and deadline), which
   the pages cannot tell apart. 50 of them are taken by 张伟 (his own tasks).
3. For each size, each page is requested `--requests` times by 张伟 through Django's
   test client (session login; the first request of each page is a warm-up and not
   counted): p50 and p95 wall-clock ms, bytes and SQL queries of the response.
4. At the largest size, 8 users at once: 8 threads, each its own session, request the
   home page against a threaded WSGI server on 127.0.0.1; p50/p95 and requests/s.
"""

import argparse
import contextlib
import datetime
import os
import platform
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ["SEARCH_INDEX_PREFIX"] = (
    os.environ.get("SEARCH_INDEX_PREFIX", "regengine") + "-bench-inbox"
)
os.environ.setdefault("DEBUG", "false")
# Each server thread's connection closes with its request, so the database can be dropped.
os.environ["CONN_MAX_AGE"] = "0"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

PAGES = [
    ("home", "/workbench/home/"),
    ("inbox (全部待办)", "/workbench/inbox/"),
    ("inbox, page 40", "/workbench/inbox/?page=40"),
    ("viewflow inbox", "/workflow/inbox/"),
    ("viewflow queue", "/workflow/queue/"),
    ("case desk", "/cases/case/"),
    ("listing leads", "/campaigns/lead/"),
    ("search", "/search/?q=武汉"),
]
MINE = 50


def log(message: str) -> None:
    print(message, flush=True)


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
    load = ""
    with contextlib.suppress(OSError):
        load = ", load average " + " ".join(
            Path("/proc/loadavg").read_text().split()[:3]
        )
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}{load}"
    )


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --- data ---------------------------------------------------------------------------


def base_data() -> None:
    from django.core.management import call_command

    call_command("load_demo", size=300, verbosity=0)
    call_command("search_index", "ensure", verbosity=0)


def real_hits(actor, n: int, start: int) -> None:
    from online_cleanup.models import ListingProblem
    from workflows.online_cleanup.starting import listing_lead_register_and_start

    captured = datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    for i in range(start, start + n):
        listing_lead_register_and_start(
            actor=actor,
            platform_name="云集优选",
            shop_name=f"江城美妆专营店{i}",
            listing_url=f"https://item.example.com/bench/{i}.html",
            product_name="美白祛斑霜",
            problem=ListingProblem.values[0],
            suspected_violation="销售未经注册的特殊化妆品",
            captured_at=captured,
        )


def copied_hits(n: int, start: int, batch: int = 2000) -> None:
    """`n` more leads, processes, tasks and deadlines, copied in bulk from the last
    lead the service made."""
    from django.contrib.contenttypes.models import ContentType
    from viewflow.workflow.models import Process, Task

    from online_cleanup.listing_keys import listing_key
    from online_cleanup.models import ListingLead
    from workflows.models import TaskDeadline

    lead_type = ContentType.objects.get_for_model(ListingLead)
    template_lead = ListingLead.objects.order_by("-pk").first()
    process = Process.objects.get(
        artifact_content_type=lead_type, artifact_object_id=template_lead.pk
    )
    task = Task.objects.get(process=process, flow_task_type="HUMAN")
    deadline = TaskDeadline.objects.get(task=task)
    done = 0
    while done < n:
        size = min(batch, n - done)
        with transaction.atomic():
            leads = []
            for i in range(start + done, start + done + size):
                lead = ListingLead.objects.get(pk=template_lead.pk)
                lead.pk = None
                lead.shop_name = f"江城美妆专营店{i}"
                lead.listing_url = f"https://item.example.com/bench/{i}.html"
                lead.listing_key = listing_key(lead.platform_name, lead.listing_url)
                leads.append(lead)
            leads = ListingLead.objects.bulk_create(leads)
            processes = []
            for lead in leads:
                copy = Process.objects.get(pk=process.pk)
                copy.pk = None
                copy.artifact_object_id = lead.pk
                processes.append(copy)
            processes = Process.objects.bulk_create(processes)
            tasks = []
            for proc in processes:
                copy = Task.objects.get(pk=task.pk)
                copy.pk = None
                copy.process_id = proc.pk
                tasks.append(copy)
            tasks = Task.objects.bulk_create(tasks)
            TaskDeadline.objects.bulk_create(
                [
                    TaskDeadline(
                        task_id=t.pk,
                        due_on=deadline.due_on,
                        unit=deadline.unit,
                        basis=deadline.basis,
                    )
                    for t in tasks
                ]
            )
        done += size


def grow_to(actor, target: int, real: int) -> None:
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    have = (
        Task.objects.filter(
            flow_task_type="HUMAN",
            status=STATUS.NEW,
            owner_permission="online_cleanup.handle_listing_lead",
        ).count()
        + Task.objects.filter(owner=actor, status=STATUS.ASSIGNED).count()
    )
    from online_cleanup.models import ListingLead

    start = ListingLead.objects.count()
    through_service = max(0, min(real, target) - have)
    if through_service:
        t = time.monotonic()
        real_hits(actor, through_service, start)
        log(
            f"  {through_service} hits through the import service in "
            f"{time.monotonic() - t:.0f} s"
        )
        have += through_service
        start += through_service
    if target > have:
        t = time.monotonic()
        copied_hits(target - have, start)
        log(f"  {target - have} more copied in bulk in {time.monotonic() - t:.0f} s")


def take(actor, n: int) -> None:
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    pks = list(
        Task.objects.filter(
            status=STATUS.NEW,
            owner_permission="online_cleanup.handle_listing_lead",
        ).values_list("pk", flat=True)[:n]
    )
    Task.objects.filter(pk__in=pks).update(owner=actor, status=STATUS.ASSIGNED)


def open_tasks_of(user) -> int:
    """His own open tasks and the queued ones his permissions let him take (plain ORM,
    so the script also measures older versions of the home page)."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    tasks = Task.objects.filter(flow_task_type="HUMAN")
    mine = tasks.filter(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED])
    queue = tasks.filter(
        status=STATUS.NEW,
        owner__isnull=True,
        owner_permission__in=user.get_all_permissions(),
    )
    return mine.count() + queue.count()


# --- measuring ----------------------------------------------------------------------


def measure(client, url: str, requests: int) -> dict | None:
    if (
        client.get(url).status_code == 404
    ):  # warm-up; None: no such page in this version
        return None
    times, sizes, queries = [], [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sizes.append(len(response.content))
        queries.append(len(captured))
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "bytes": max(sizes),
        "queries": max(queries),
    }


def concurrent_home(users, requests_each: int) -> dict:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    import requests as http
    from django.core.handlers.wsgi import WSGIHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server(
        "127.0.0.1", 0, WSGIHandler(), server_class=Threaded, handler_class=Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    sessions = []
    for user in users:
        login = Client()
        login.force_login(user)
        session = http.Session()
        session.cookies.set(
            settings.SESSION_COOKIE_NAME,
            login.cookies[settings.SESSION_COOKIE_NAME].value,
        )
        sessions.append(session)
    times, lock = [], threading.Lock()

    def run(session):
        session.get(f"{base}/workbench/home/", timeout=600)  # warm-up
        for _ in range(requests_each):
            t = time.perf_counter()
            response = session.get(f"{base}/workbench/home/", timeout=600)
            elapsed = (time.perf_counter() - t) * 1000
            assert response.status_code == 200, response.status_code
            with lock:
                times.append(elapsed)

    t = time.perf_counter()
    workers = [threading.Thread(target=run, args=(s,)) for s in sessions]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t
    server.shutdown()
    return {
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "rate": len(times) / wall,
        "n": len(times),
    }


# --- main ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--real", type=int, default=1000, help="hits through the import service"
    )
    parser.add_argument("--concurrent-requests", type=int, default=5)
    parser.add_argument("--keep-db", action="store_true")
    args, _unknown = parser.parse_known_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if connection.vendor != "postgresql":
        sys.exit("bench/inbox.py needs PostgreSQL: set DATABASE_URL")

    from organisation.models import User
    from organisation.roles import Role
    from search.client import search_client

    setup_test_environment()
    name = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"bench_{name}_inbox"
    settings.DEBUG = False
    started = time.monotonic()
    databases = setup_databases(verbosity=0, interactive=False, keepdb=args.keep_db)
    client_search = search_client()
    prefix = settings.SEARCH_INDEX_PREFIX
    try:
        log(f"Machine: {machine()}; PostgreSQL {connection.pg_version // 10000}")
        t = time.monotonic()
        base_data()
        log(f"Demo registry and index in {time.monotonic() - t:.0f} s")
        zhang = User.objects.get(username="zhangwei")
        client = Client()
        client.force_login(zhang)
        rows = {}
        for size in sizes:
            log(f"Growing to {size} open tasks for 张伟...")
            grow_to(zhang, size, args.real)
            from viewflow.workflow.models import Task

            if not Task.objects.filter(owner=zhang, status="ASSIGNED").exists():
                take(zhang, MINE)
            reset_queries()
            total = open_tasks_of(zhang)
            log(f"  张伟 has {total} open tasks (his own and those he may take)")
            for label, url in PAGES:
                rows[(size, label)] = measure(client, url, args.requests)
        log("")
        log(
            f"{args.requests} requests per page after one warm-up; ms wall clock "
            "in-process (Django test client); size and SQL queries of one response."
        )
        log("")
        log("| page | open tasks | p50 ms | p95 ms | KiB | queries |")
        log("|---|--:|--:|--:|--:|--:|")
        for label, _url in PAGES:
            for size in sizes:
                r = rows[(size, label)]
                if r is None:
                    log(f"| {label} | {size:,} | — | — | — | — |")
                    continue
                log(
                    f"| {label} | {size:,} | {r['p50']:.0f} | {r['p95']:.0f} "
                    f"| {r['bytes'] / 1024:.0f} | {r['queries']} |"
                )
        investigators = list(
            User.objects.filter(groups__name=Role.INVESTIGATOR).distinct()[:8]
        )
        while len(investigators) < 8:
            investigators.append(investigators[len(investigators) % 2])
        c = concurrent_home(investigators, args.concurrent_requests)
        log("")
        log(
            f"Eight users at once, home page, {sizes[-1]:,} open tasks: {c['n']} "
            f"requests over a threaded WSGI server on 127.0.0.1: p50 {c['p50']:.0f} ms, "
            f"p95 {c['p95']:.0f} ms, {c['rate']:.1f} requests/s."
        )
        log(f"\nTotal run time {time.monotonic() - started:.0f} s.")
    finally:
        client_search.indices.delete(
            index=f"{prefix}-*", expand_wildcards="all", ignore_unavailable=True
        )
        if not args.keep_db:
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
