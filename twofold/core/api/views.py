from __future__ import annotations

from twofold.core.api.permissions import PolicyPermission
from twofold.policies import Perm


class SchemaAccessMixin:
    """The schema and docs are for signed-in users (session or token), like the rest."""

    permission_classes = [PolicyPermission]
    method_perms = {"GET": Perm.API_DOCS}
