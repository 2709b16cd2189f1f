import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.builders import (
    DEMO_PASSWORD,
    DEMO_USERS,
    build_campaigns,
    build_organisation,
    build_registry,
    build_users,
)
from demo.cases import build_cases
from demo.year import YEARS, year_build
from licensing.services import licences_expire_due
from organisation.roles import Role


class Command(BaseCommand):
    help = "Load the Wuhan demo dataset (idempotent). --size scales the registry up."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size", type=int, default=3000, help="number of enterprises"
        )
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument(
            "--year",
            type=int,
            help="also build this year by driving the workflows (2019: the year the "
            "bureau's summary reports)",
        )
        parser.add_argument(
            "--without-cases",
            dest="with_cases",
            action="store_false",
            help="skip the demo penalty cases (they render their papers)",
        )

    def handle(
        self, *args, size, seed, verbosity, with_cases=True, year=None, **options
    ):
        if size < 0:
            raise CommandError("--size must not be negative")
        if year is not None and year not in YEARS:
            raise CommandError(
                "--year: no plan for %(year)s (years with a plan: %(years)s)"
                % {"year": year, "years": ", ".join(map(str, YEARS))}
            )
        units = build_organisation()
        build_users(units)
        campaigns = build_campaigns(units)
        bar = None
        if verbosity >= 1 and sys.stdout.isatty():
            bar = tqdm(total=size, unit="家", desc="市场主体")
        created = build_registry(
            size=size,
            units=units,
            campaigns=campaigns,
            seed=seed,
            progress=bar.update if bar else None,
        )
        if bar:
            bar.close()
        built_year = self._build_year(year, verbosity) if year else None
        expired = licences_expire_due()
        cases = build_cases() if with_cases else {"cases": 0}
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo data: {enterprises} enterprises, {licences} licences, "
                    "{violations} violations created; {expired} licences expired; "
                    "{cases} penalty cases.".format(
                        **created, expired=expired, cases=cases["cases"]
                    )
                )
            )
            if built_year:
                figures = ", ".join(
                    f"{code}={value}" for code, value in built_year["figures"].items()
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Year {year}: {built_year['steps']} steps, "
                        f"{built_year['timer_runs']} timer runs; {figures}."
                    )
                )
            self.stdout.write("Demo logins (password %s):" % DEMO_PASSWORD)
            for username, full_name, role, *_ in DEMO_USERS:
                self.stdout.write(f"  {username:<10} {full_name:<6} {Role(role).label}")

    def _build_year(self, year: int, verbosity: int) -> dict:
        bar = None
        if verbosity >= 1 and sys.stdout.isatty():
            bar = tqdm(unit="步", desc=f"{year}年")
        elif verbosity >= 1:
            self.stdout.write(f"  Building {year} through the workflows...", ending="")
            self.stdout.flush()
        started = time.monotonic()
        built = year_build(year=year, progress=bar.update if bar else None)
        if bar:
            bar.close()
        elif verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(" OK"))
        if verbosity >= 2:
            self.stdout.write(f"  {year}: {time.monotonic() - started:.1f} s")
        return built
