"""Build the demo world for trying the product and for browser tests. Idempotent."""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.shortcuts import resolve_url
from django.utils.module_loading import module_has_submodule

# A seeder takes `password` and returns the demo people it created (objects with email,
# full_name and grants), or None.
Seeder = Callable[..., list | None]


def demo_seeders() -> list[Seeder]:
    """The `seed` function of each installed app's `demo` module, in INSTALLED_APPS order: an
    app is listed after those it stands on, so its demo data can use theirs."""
    seeders = []
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "demo"):
            continue
        seed = getattr(import_module(f"{config.name}.demo"), "seed", None)
        if callable(seed):
            seeders.append(seed)
    return seeders


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
        for seed in demo_seeders():
            people.extend(seed(password=password) or [])
        sign_in = resolve_url(settings.LOGIN_URL)
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Sign in at {sign_in} as:"))
        for person in people:
            roles = ", ".join(f"{role.label} ({where})" for role, where in person.grants)
            if getattr(person, "is_superuser", False):
                roles = "superuser (technical administration)"
            self.stdout.write(f"  {person.email:<26} {person.full_name:<14} {roles}")
        self.stdout.write(f"Password for all of them: {password}")
