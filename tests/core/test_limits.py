"""The request limits count in the database, which every worker shares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import user_with
from twofold.config import env
from twofold.core.limits import within_limit
from twofold.core.models import RateCount
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

DATABASE_CACHE = env.cache("")


def test_a_key_is_within_its_limit_up_to_the_limit_and_not_after():
    results = [within_limit("test:a", limit=3, window=60) for _ in range(5)]

    assert results == [True, True, True, False, False]


def test_the_count_is_kept_in_the_database():
    for _ in range(2):
        within_limit("test:stored", limit=3, window=60)

    assert RateCount.objects.get(key="test:stored").count == 2


def test_keys_are_counted_apart():
    within_limit("test:one", limit=1, window=60)

    assert within_limit("test:other", limit=1, window=60)


def test_a_finished_window_starts_the_count_again():
    within_limit("test:window", limit=1, window=60)
    RateCount.objects.filter(key="test:window").update(expires_at=timezone.now())

    assert within_limit("test:window", limit=1, window=60)


def test_a_new_key_forgets_the_rows_of_finished_windows():
    within_limit("test:old", limit=1, window=60)
    RateCount.objects.filter(key="test:old").update(expires_at=timezone.now() - timedelta(1))

    within_limit("test:new", limit=1, window=60)

    assert not RateCount.objects.filter(key="test:old").exists()


def test_a_key_longer_than_the_column_is_counted_by_its_digest():
    key = "reset:email:" + "x" * 400

    results = [within_limit(key, limit=1, window=60) for _ in range(2)]

    assert results == [True, False]


def test_the_api_throttle_counts_in_the_database_cache(monkeypatch, settings, api_as):
    settings.CACHES = {"default": DATABASE_CACHE, "limits": DATABASE_CACHE}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": "2/minute"})
    client = api_as(user_with(Role.BDM))

    statuses = [client.get("/api/v1/me/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_cache_is_the_database_cache_unless_a_cache_url_is_set():
    assert env.cache("")["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert env.cache("")["LOCATION"] == "twofold_cache"


def test_a_redis_url_selects_the_redis_cache():
    assert env.cache("redis://cache:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/1",
    }


def test_a_memcached_url_selects_pymemcache():
    assert env.cache("memcached://cache:11211") == {
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "LOCATION": "cache:11211",
    }


def test_another_cache_url_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="TWOFOLD_CACHE_URL"):
        env.cache("mysql://cache")
