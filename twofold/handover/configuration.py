"""What an admin sets for hand-overs: the account policy (SLA, shared window, key-account
threshold) and the routing rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold import policies
from twofold.accounts.models import AccountPolicy
from twofold.core.audit import attribute
from twofold.handover.models import RoutingRule
from twofold.people.choices import TeamKind
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import Team, User

MAX_SLA_HOURS = 24 * 60
MAX_WINDOW_DAYS = 365


@transaction.atomic
def account_policy_update(
    *,
    actor: User | None,
    handover_sla_hours: int,
    shared_window_days: int,
    key_account_min_value: Decimal | str,
) -> AccountPolicy:
    """Change the hand-over SLA (1 to 1,440 hours), the seller's shared window (0 to 365
    days) and the yearly contract value that makes a key account (zero or more)."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNTS_CONFIGURE)
    errors: dict[str, str] = {}
    if not 1 <= int(handover_sla_hours) <= MAX_SLA_HOURS:
        errors["handover_sla_hours"] = f"Between 1 and {MAX_SLA_HOURS} hours."
    if not 0 <= int(shared_window_days) <= MAX_WINDOW_DAYS:
        errors["shared_window_days"] = f"Between 0 and {MAX_WINDOW_DAYS} days."
    try:
        threshold = Decimal(key_account_min_value)
        if not threshold.is_finite() or threshold < 0 or threshold >= Decimal("1e12"):
            errors["key_account_min_value"] = "Zero or more."
    except (InvalidOperation, TypeError, ValueError):
        errors["key_account_min_value"] = "A number, please."
    if errors:
        raise ValidationError(errors)
    policy = AccountPolicy.objects.select_for_update().get(pk=AccountPolicy.current().pk)
    policy.handover_sla_hours = int(handover_sla_hours)
    policy.shared_window_days = int(shared_window_days)
    policy.key_account_min_value = threshold.quantize(Decimal("0.01"))
    attribute(policy, actor, "Account policy changed")
    policy.save()
    return policy


def _clean_rule(name: str, team: Team | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "Name the rule."
    if team is None:
        errors["team"] = "Choose the account-management team that receives the accounts."
    elif team.kind != TeamKind.ACCOUNT_MANAGEMENT or not team.is_active:
        errors["team"] = f"{team} is not an active account-management team."
    return errors


@transaction.atomic
def routing_rule_save(
    *,
    actor: User | None,
    rule: RoutingRule | None = None,
    name: str,
    team: Team | None,
    order: int = 0,
    industry: str = "",
    region: str = "",
    key_accounts_only: bool = False,
    is_active: bool = True,
) -> RoutingRule:
    """Create a routing rule (``rule`` None) or change one. Blank industry or region match any;
    lower ``order`` is tried first."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNTS_CONFIGURE)
    errors = _clean_rule(name, team)
    if errors:
        raise ValidationError(errors)
    target = rule if rule is not None else RoutingRule()
    target.name = name.strip()[:120]
    target.team = team  # type: ignore[assignment]
    target.order = max(0, int(order))
    target.industry = (industry or "").strip()[:80]
    target.region = (region or "").strip()[:80]
    target.key_accounts_only = bool(key_accounts_only)
    target.is_active = bool(is_active)
    attribute(target, actor, "Routing rule changed" if rule else "Routing rule created")
    target.save()
    return target
