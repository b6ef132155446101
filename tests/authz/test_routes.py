"""Every route of the project has a row in some authorization matrix.

The routes are walked in ``django.urls.get_resolver()``; a route is covered when some row of a
``MATRIX`` in ``tests/authz/test_*.py`` calls a URL that resolves to it (the row's URL is
built on that matrix's world, as an admin). The back office (Django's admin, behind its own
staff login) is left out. A new route without a row fails this test, which names it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve

import tests.authz
from tests.authz.harness import Matrix
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

# Django's admin site: staff-only, guarded by Django's own permissions, not by our policies.
LEFT_OUT = ("backoffice/",)


def join(prefix: str, pattern: str) -> str:
    # As Django joins a route for ``ResolverMatch.route``: no "^" inside.
    return prefix + pattern.removeprefix("^") if prefix else pattern


def routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route, view name) of every pattern, each route as ``ResolverMatch.route`` spells it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            yield from routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
            yield route, name


def matrices() -> Iterator[Matrix]:
    for module in pkgutil.iter_modules(tests.authz.__path__):
        if module.name.startswith("test_") and module.name != "test_routes":
            loaded = importlib.import_module(f"tests.authz.{module.name}")
            if isinstance(getattr(loaded, "MATRIX", None), Matrix):
                yield loaded.MATRIX


def test_every_route_of_the_project_has_a_row_in_some_matrix():
    # Given every matrix's rows, their URLs built on each matrix's world
    covered: set[str] = set()
    for matrix in matrices():
        with transaction.atomic():  # each world on its own, as each matrix test sees it
            world = matrix.build(Role.ADMIN)
            covered |= {resolve(urlsplit(row.url(world)).path).route for row in matrix.rows}
            transaction.set_rollback(True)

    # When the project's routes are walked
    project = [(route, name) for route, name in routes() if not route.startswith(LEFT_OUT)]

    # Then every one of them is called by some row
    uncovered = [
        f"/{route}  ({name or 'no name'})" for route, name in project if route not in covered
    ]
    assert not uncovered, "Routes without a row in any authorization matrix:\n" + "\n".join(
        uncovered
    )
