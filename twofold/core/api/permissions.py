from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from twofold import policies


class PolicyPermission(BasePermission):
    """Asks the policy layer about the view's action; an action with no mapping is refused.

    A view declares ``action_perms = {"list": Perm.X, ...}`` (viewsets) or
    ``method_perms = {"GET": Perm.X}`` (plain views). Object-level visibility comes from the
    selectors, which only return what the actor may see (404 otherwise).
    """

    message = "You are not allowed to do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(view, "action_perms", None) is not None:
            perm = view.action_perms.get(getattr(view, "action", None))
        else:
            perm = getattr(view, "method_perms", {}).get(request.method)
        if perm is None:
            return False
        return policies.can(request.user, perm)
