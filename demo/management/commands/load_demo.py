import sys

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
            "--without-cases",
            dest="with_cases",
            action="store_false",
            help="skip the demo penalty cases (they render their papers)",
        )

    def handle(self, *args, size, seed, verbosity, with_cases=True, **options):
        if size < 0:
            raise CommandError("--size must not be negative")
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
            self.stdout.write("Demo logins (password %s):" % DEMO_PASSWORD)
            for username, full_name, role, *_ in DEMO_USERS:
                self.stdout.write(f"  {username:<10} {full_name:<6} {Role(role).label}")
