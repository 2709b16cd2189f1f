import time

from django.core.management.base import BaseCommand, CommandError

from documents import fonts


class Command(BaseCommand):
    help = (
        "Build the prepared document fonts from Debian's Noto CJK and Fandol Fang "
        "fonts (once)."
    )
    # The checks would only warn that the fonts this command builds are missing.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="rebuild even if current"
        )
        parser.add_argument("--jobs", type=int, default=2)

    def handle(self, *args, force=False, jobs=2, verbosity=1, **options):
        target = fonts.font_dir()
        if not force and fonts.fonts_ready(target):
            if verbosity >= 2:
                self.stdout.write(f"Document fonts in {target} are up to date.")
            return
        if verbosity >= 1:
            self.stdout.write(f"  Preparing document fonts in {target}...", ending="")
            self.stdout.flush()
        started = time.monotonic()
        try:
            built = fonts.fonts_prepare(target=target, force=force, jobs=jobs)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(" OK"))
            self.stdout.write(
                f"{len(built)} font files built in {time.monotonic() - started:.0f} s."
            )
