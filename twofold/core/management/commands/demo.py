from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from twofold import demo
from twofold.demo import people


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent) and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="Only print the demo logins, load nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["list"]:
            demo.load(progress=lambda message: self.stdout.write(f"  … {message}"))
            self.stdout.write(self.style.SUCCESS("Demo organisation ready."))
        print_logins(self.stdout.write)


def print_logins(write: Any) -> None:
    write(f"Demo logins (password for all: {settings.TWOFOLD_DEMO_PASSWORD})")
    for email, name, roles in people.logins():
        write(f"  {email:<34} {name:<18} {roles}")
