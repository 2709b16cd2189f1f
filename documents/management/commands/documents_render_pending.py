import datetime

from django.core.management.base import BaseCommand

from documents.services import documents_render_pending


class Command(BaseCommand):
    help = (
        "Render papers left pending or failed (a crash between commit and rendering, "
        "a fixed bug). Safe to run from cron."
    )
    # Run every minute or few from cron: the system checks (URLs, fonts, WeasyPrint)
    # belong to deploys and `manage.py check`, not to each run (they cost ~1 s).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=300,
            help="only rows issued at least this many seconds ago (default 300)",
        )

    def handle(self, *args, older_than=300, verbosity=1, **options):
        rendered, failed = documents_render_pending(
            older_than=datetime.timedelta(seconds=older_than)
        )
        if verbosity >= 1:
            style = self.style.SUCCESS if not failed else self.style.WARNING
            self.stdout.write(style(f"{rendered} rendered, {failed} failed."))
