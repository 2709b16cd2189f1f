"""How long the commands cron runs every minute or few take from start to exit.

`search_sync --once`, `workflow_timers` and `documents_render_pending` are started afresh
by cron (README): their start-up is paid on every run. Each is run several times with
nothing to do, as a separate process, and the median wall time is printed, beside
`manage.py check` (what every command paid before they skipped the system checks).
They run against a throwaway, migrated SQLite database (start-up is what is measured;
the database only has to exist) and the search prefix `<SEARCH_INDEX_PREFIX>-bench`.

Run by `make bench` (bin/bench), which may pass other benchmarks' arguments: ignored.
Prints a Markdown table for BENCHMARKS.md.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
COMMANDS = [
    ["search_sync", "--once"],
    ["workflow_timers"],
    ["documents_render_pending"],
    ["check"],
]


def wall_time(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args, "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="regengine-bench-")
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "regengine")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
        "SEARCH_INDEX_PREFIX": f"{prefix}-bench",
    }
    wall_time(["migrate", "--noinput"], env)  # untimed: the database must exist
    print("| command | runs | median s | min s | max s |")
    print("|---|--:|--:|--:|--:|")
    for args in COMMANDS:
        times = [wall_time(args, env) for _ in range(RUNS)]
        print(
            f"| `{' '.join(args)}` | {RUNS} | {statistics.median(times):.2f} "
            f"| {min(times):.2f} | {max(times):.2f} |"
        )
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
