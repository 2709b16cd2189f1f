from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.client import SearchUnavailable
from search.documents import INDEXES
from search.selectors import index_source_count
from search.services import (
    SearchRebuildError,
    search_index_check,
    search_index_rebuild,
    search_indices_ensure,
)

LABELS = {"enterprises": "市场主体", "violations": "违法记录"}


class Command(BaseCommand):
    help = (
        "Manage the search indices: `ensure` creates (and fills) missing ones, "
        "`rebuild` reloads them from the database and swaps the alias, `check` "
        "compares database and index and exits 1 on drift."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["ensure", "rebuild", "check"])
        parser.add_argument(
            "--index", choices=[*INDEXES, "all"], default="all", help="default: all"
        )
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--force",
            action="store_true",
            help="rebuild even if another rebuild's index exists (it must have died)",
        )
        parser.add_argument(
            "--keep-old",
            action="store_true",
            help="keep the previous concrete index after the swap",
        )

    def handle(self, *args, action, index, batch_size, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        self.verbosity = verbosity
        keys = list(INDEXES) if index == "all" else [index]
        try:
            if action == "ensure":
                self._ensure()
            elif action == "rebuild":
                for key in keys:
                    self._rebuild(
                        key, batch_size, options["force"], options["keep_old"]
                    )
            else:
                drift = sum(self._check(key, batch_size) for key in keys)
                if drift:
                    raise CommandError(f"{drift} documents differ from the database")
        except (SearchUnavailable, SearchRebuildError) as exc:
            raise CommandError(str(exc)) from exc

    def _progress(self, key: str, verb: str):
        """A tqdm bar on a terminal, "  Indexed n/N ..." lines otherwise."""
        if not self.verbosity:
            return None, None
        total = index_source_count(key=key)
        if self.stdout.isatty():
            bar = tqdm(total=total, unit="条", desc=LABELS[key])
            return bar.update, bar.close
        done = [0]

        def line(n):
            # About ten lines per index, not one per batch.
            before, done[0] = done[0], done[0] + n
            if done[0] >= total or before * 10 // max(total, 1) != done[0] * 10 // max(
                total, 1
            ):
                self.stdout.write(f"  {verb} {done[0]}/{total} {key}...")

        return line, None

    def _ensure(self):
        created = search_indices_ensure()
        if self.verbosity:
            if created:
                self.stdout.write(self.style.SUCCESS(f"Created {', '.join(created)}."))
            else:
                self.stdout.write("Search indices exist.")

    def _rebuild(self, key, batch_size, force, keep_old):
        progress, close = self._progress(key, "Indexed")
        try:
            result = search_index_rebuild(
                key=key,
                batch_size=batch_size,
                progress=progress,
                force=force,
                keep_old=keep_old,
            )
        finally:
            if close:
                close()
        if self.verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{INDEXES[key].alias} → {result.index}: {result.documents} "
                    f"documents, {result.replayed_rows} outbox rows replayed, "
                    f"{result.seconds:.1f} s"
                    + (
                        f"; removed {', '.join(result.removed)}"
                        if result.removed
                        else ""
                    )
                )
            )

    def _check(self, key, batch_size) -> int:
        progress, close = self._progress(key, "Checked")
        try:
            report = search_index_check(
                key=key, batch_size=batch_size, progress=progress
            )
        finally:
            if close:
                close()
        if self.verbosity:
            style = self.style.WARNING if report.drift else self.style.SUCCESS
            self.stdout.write(
                style(
                    f"{report.index}: database {report.database}, index {report.indexed}, "
                    f"missing {len(report.missing)}, stale {len(report.stale)}, "
                    f"extra {len(report.extra)}; {report.pending_rows} outbox rows pending"
                )
            )
            for label, ids in (
                ("missing", report.missing),
                ("stale", report.stale),
                ("extra", report.extra),
            ):
                if ids:
                    shown = ", ".join(str(pk) for pk in ids[:20])
                    more = f" (+{len(ids) - 20})" if len(ids) > 20 else ""
                    self.stdout.write(f"  {label}: {shown}{more}")
        return report.drift
