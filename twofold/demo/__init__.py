"""The demo organisation: a deterministic company to try Twofold with.

Each area adds its part in its own module, called in order by :func:`load`: ``people`` (the
people and teams), the hand-over routing rules from ``accounts`` (so the deals sales wins are
routed by them), ``sales`` (leads and deals, the won ones opening accounts and hand-overs),
then ``accounts`` (the hand-overs worked and the accounts looked after).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from twofold.demo import accounts, people, sales

DEMO_DOMAIN = people.DEMO_DOMAIN


def is_loaded() -> bool:
    return people.is_loaded()


@transaction.atomic
def load(*, progress: Callable[[str], None] = lambda message: None) -> None:
    """Create the demo organisation; loading it twice changes nothing."""
    if is_loaded():
        progress("The demo organisation is already loaded.")
        return
    people.load(progress=progress)
    accounts.configure(progress=progress)
    sales.load(progress=progress)
    accounts.load(progress=progress)
