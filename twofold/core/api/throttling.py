"""The API throttle: DRF's anonymous and per-user rates, counted in the ``limits`` cache.

The ``limits`` cache is the database cache unless ``TWOFOLD_CACHE_URL`` names Redis or
Memcached (see ``CACHES`` in the settings), so every worker and machine counts together.
"""

from __future__ import annotations

from django.core.cache import caches
from rest_framework import throttling

# DRF makes a throttle for every request, so the cache is looked up afresh each time (and a
# test that changes ``CACHES`` is followed).


class AnonRateThrottle(throttling.AnonRateThrottle):
    def __init__(self) -> None:
        super().__init__()
        self.cache = caches["limits"]


class UserRateThrottle(throttling.UserRateThrottle):
    def __init__(self) -> None:
        super().__init__()
        self.cache = caches["limits"]
