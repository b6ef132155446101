"""The demo organisation: a deterministic company to try Twofold with.

Each area adds its part in its own module (``people``, then ``sales``; accounts… later), called
in order by :func:`load`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from twofold.demo import people, sales

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
    sales.load(progress=progress)
