import logging
import time

from django.core.management.base import BaseCommand

from workflows.timers import run_due_timers

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Fire due workflow timers and deadline escalations. Run from cron every few "
        "minutes, or with --loop as a long-running process."
    )
    # Run every minute or few from cron: the system checks (URLs, fonts, WeasyPrint)
    # belong to deploys and `manage.py check`, not to each run (they cost ~1 s).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running")
        parser.add_argument(
            "--interval", type=int, default=60, help="seconds between ticks"
        )

    def handle(self, *args, loop, interval, verbosity, **options):
        while True:
            try:
                counts = run_due_timers()
            except Exception:
                if not loop:
                    raise
                # A tick that failed (a locked database, a bug in one job) is logged;
                # the loop carries on and the next tick tries again.
                logger.exception("workflow timers: tick failed")
                time.sleep(interval)
                continue
            if verbosity >= 2 or (verbosity >= 1 and any(counts.values())):
                summary = ", ".join(f"{k}={v}" for k, v in counts.items())
                self.stdout.write(self.style.SUCCESS(f"workflow timers: {summary}"))
            if not loop:
                return
            time.sleep(interval)
