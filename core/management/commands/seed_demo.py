"""Build the demo world for trying the product and for browser tests. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

# Each app's seeder, in dependency order. A seeder takes `password` and returns the demo
# people it created (objects with email, full_name and grants), or None.
SEEDERS = [
    "accounts.demo.seed",
    "offers.demo.seed",
    "applications.demo.seed",
    "reviewers.demo.seed",
    "improvement.demo.seed",
]


class Command(BaseCommand):
    help = "Create or refresh the demo data and print the demo sign-ins. Never in production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="peer-review-demo",
            help="Password for every demo account (default: %(default)s).",
        )

    def handle(self, *args, password: str, **options) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demo data is not allowed here (DEMO_DATA_ALLOWED is off, as in production)."
            )
        people = []
        for dotted in SEEDERS:
            people.extend(import_string(dotted)(password=password) or [])
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        for person in people:
            roles = ", ".join(f"{role.label} ({where})" for role, where in person.grants)
            if getattr(person, "is_superuser", False):
                roles = "superuser (technical administration)"
            self.stdout.write(f"  {person.email:<26} {person.full_name:<14} {roles}")
        self.stdout.write(f"Password for all of them: {password}")
