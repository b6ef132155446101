from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twofold.core.errors import describe
from twofold.people import services
from twofold.people.choices import Role


class Command(BaseCommand):
    help = (
        "Create a user with roles. Without --password, asks for one "
        "(or e-mails an invitation with --invite)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Full name.")
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=Role.values,
            help="A role to give; repeat for several (e.g. --role admin --role bdm).",
        )
        parser.add_argument(
            "--password", help="Avoid on shared machines: it lands in shell history."
        )
        parser.add_argument(
            "--invite", action="store_true", help="E-mail a link to choose a password."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        if not password and not options["invite"]:
            if not sys.stdin.isatty():
                raise CommandError("Give --password or --invite (no terminal to ask on).")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            user = services.user_create(
                actor=None,
                email=options["email"],
                full_name=options["name"],
                roles=options["role"],
                password=password or None,
                invite=options["invite"],
            )
        except ValidationError as exc:
            raise CommandError(describe(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} (id {user.pk})."))
