from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from twofold.core.errors import describe
from twofold.people import access
from twofold.people.models import User


class Command(BaseCommand):
    help = "Issue an API token for a user and print it (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="Whose token.")
        parser.add_argument("--name", default="cli", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(email__iexact=options["email"].strip())
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with the e-mail {options['email']}.") from exc
        try:
            issued = access.api_token_create(actor=None, user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError(describe(exc)) from exc
        self.stdout.write(issued.key)
