from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from twofold import demo
from twofold.demo import people, scale
from twofold.demo.volume import SCALES


class Command(BaseCommand):
    help = "Load the demo organisation (idempotent) and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="Only print the demo logins, load nothing."
        )
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            help="Also generate volume for benchmarks: large = 1M leads, 500k deals, "
            "5M activities, 200k customer accounts with their contacts, 5M interactions, "
            "20k hand-overs and 100k internal requests (minutes); medium = a tenth; "
            "small = a thousandth.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["list"]:
            demo.load(progress=lambda message: self.stdout.write(f"  … {message}"))
            self.stdout.write(self.style.SUCCESS("Demo organisation ready."))
        if options["scale"]:
            scale.generate(SCALES[options["scale"]], progress=ProgressBar(self.stdout.write))
            self.stdout.write(self.style.SUCCESS(f"Generated the {options['scale']} scale."))
        print_logins(self.stdout.write)


class ProgressBar:
    """One line per tenth of each table, with the rate, so long runs show they are alive."""

    def __init__(self, write: Any) -> None:
        self.write = write
        self.started: dict[str, float] = {}
        self.shown: dict[str, int] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        start = self.started.setdefault(label, time.monotonic())
        tenth = done * 10 // max(total, 1)
        if tenth == self.shown.get(label, -1):
            return
        self.shown[label] = tenth
        rate = done / max(time.monotonic() - start, 1e-6)
        bar = "#" * tenth + "." * (10 - tenth)
        self.write(f"  {label:<14} [{bar}] {done:>10,}/{total:,}  {rate:,.0f} rows/s")


def print_logins(write: Any) -> None:
    write(f"Demo logins (password for all: {settings.TWOFOLD_DEMO_PASSWORD})")
    for email, name, roles in people.logins():
        write(f"  {email:<34} {name:<18} {roles}")
