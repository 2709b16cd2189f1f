import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from search.services import search_outbox_drain

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Index committed changes from the search outbox. Runs until stopped; "
        "--once drains what is due and exits. Several workers may run at once."
    )
    # Run every minute or few from cron: the system checks (URLs, fonts, WeasyPrint)
    # belong to deploys and `manage.py check`, not to each run (they cost ~1 s).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="drain what is due, then exit"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="outbox rows per batch (default SEARCH_SYNC_BATCH_SIZE)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds to wait when nothing is due (default "
            "SEARCH_SYNC_INTERVAL_SECONDS)",
        )

    def handle(self, *args, once, batch_size, interval, verbosity, **options):
        if batch_size is None:
            batch_size = settings.SEARCH_SYNC_BATCH_SIZE
        if interval is None:
            interval = settings.SEARCH_SYNC_INTERVAL_SECONDS
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if interval < 0:
            raise CommandError("--interval must not be negative")
        self.stopping = False
        if not once:
            # Finish the batch in hand, then stop: its rows are deleted only on success.
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, self._stop)
        totals = {"rows": 0, "documents": 0, "failed": 0}
        engine_down = False
        while not self.stopping:
            close_old_connections()
            try:
                result = search_outbox_drain(batch_size=batch_size)
            except Exception:
                if once:
                    raise
                # The batch's transaction rolled back, its rows wait; keep serving.
                logger.exception("search sync: drain failed")
                time.sleep(interval)
                continue
            totals["rows"] += result.rows
            totals["documents"] += result.documents
            totals["failed"] += result.failed_rows
            all_failed = result.rows and result.failed_rows == result.rows
            if result.rows and verbosity >= 2 or (result.failed_rows and verbosity):
                self.stdout.write(
                    f"  {result.rows} rows: {result.documents} documents, "
                    f"{result.deleted} deleted, {result.stale} superseded, "
                    f"{result.failed_rows} failed"
                )
            if all_failed and not engine_down and verbosity:
                self.stderr.write(
                    f"Search engine unavailable, will retry: {result.error}"
                )
            engine_down = bool(all_failed)
            if once and (result.rows == 0 or all_failed):
                break
            if result.rows == 0 or all_failed:
                time.sleep(interval)
        if verbosity:
            style = self.style.WARNING if totals["failed"] else self.style.SUCCESS
            self.stdout.write(
                style(
                    "Search sync: {rows} outbox rows, {documents} documents indexed, "
                    "{failed} rows kept for retry.".format(**totals)
                )
            )

    def _stop(self, signum, frame):
        self.stopping = True
