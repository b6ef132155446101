"""The staff back office (``/backoffice/``) shows records and their history, and writes none.

Every write to a business record goes through its service (validation, policies, events,
history), whichever door it comes in by: web, API or CLI. A writable Django admin would be a
fourth door past all of them, so every model is registered read-only here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Lists, details and history only: no add, change, delete or revert to an old version."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
