from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient

from tests.factories import user_with
from twofold.people.choices import Role
from twofold.people.models import User

# Playwright's sync API runs an event loop in the test thread; Django must allow DB access there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_hashing_and_no_lockout_leaks(settings):
    # Argon2 is deliberately slow; the hasher is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


LOCAL_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


@pytest.fixture(autouse=True)
def _api_throttle_counts_in_local_memory(settings):
    """The API throttle counts in the "limits" cache, the database cache outside tests, where
    it costs six queries an API request. The query budgets pinned in these tests measure a page's
    own queries, so here the caches are in local memory, emptied around every test. The shared
    store is tested where it matters: tests/core/test_limits.py (the throttle on the database
    cache) and tests/core/test_limits_across_workers.py (two worker processes)."""
    from django.core.cache import caches

    settings.CACHES = {"default": LOCAL_MEMORY, "limits": LOCAL_MEMORY}
    caches["limits"].clear()
    yield
    caches["limits"].clear()


@pytest.fixture
def admin_user(db) -> User:
    return user_with(Role.ADMIN, full_name="Ada Admin", email="ada@example.test")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(api_client):
    """``api_as(user)`` returns an API client signed in as ``user``."""

    def sign_in(user: User) -> APIClient:
        api_client.force_authenticate(user=None)
        api_client.force_login(user)
        return api_client

    return sign_in


@pytest.fixture
def api_token_as(db):
    """``api_token_as(user)`` returns a fresh API client that sends a new key of ``user``'s."""

    def with_token(user: User) -> APIClient:
        from twofold.people import access

        issued = access.api_token_create(actor=None, user=user, name="test client")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {issued.key}")
        return client

    return with_token


def people_snapshot() -> dict[str, int]:
    """Row counts of people's tables and of their history: any write changes one of them."""
    from twofold.people.models import ApiToken, RoleAssignment, Team, TeamMembership, UserSession

    models = [User, RoleAssignment, Team, TeamMembership, ApiToken]
    counts = {model.__name__: model.objects.count() for model in models}
    counts |= {f"{model.__name__} history": model.history.count() for model in models}
    # Signing in (as each matrix call does) opens a session row; only ending one is a write.
    counts["UserSession ended"] = UserSession.objects.filter(ended_at__isnull=False).count()
    counts["UserSession history"] = UserSession.history.count()
    return counts


@pytest.fixture
def snapshot():
    """``snapshot()`` counts people's rows and history rows, to prove nothing was written."""
    return people_snapshot
