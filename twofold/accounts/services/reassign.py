"""Moving an account to another account manager: every move is an ownership event with who,
when and why (DESIGN "Ownership is four things")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold import policies
from twofold.accounts.choices import AccountStatus
from twofold.accounts.events import plan_owner_changed
from twofold.accounts.models import Account
from twofold.accounts.services.ownership import relationship_change
from twofold.core import audit
from twofold.handover.choices import OPEN_STATUSES
from twofold.people.choices import ACCOUNT_ROLES
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.people.models import User


def _check_new_owner(*, actor: User | None, account: Account, new_owner: User) -> None:
    if not new_owner.is_active:
        raise ValidationError({"new_owner": f"{new_owner.full_name} is deactivated."})
    if not new_owner.roles & ACCOUNT_ROLES:
        raise ValidationError({"new_owner": f"{new_owner.full_name} holds no account role."})
    if actor is not None and not policies.can(actor, Perm.ACCOUNT_HAND_TO, new_owner):
        raise ValidationError({"new_owner": f"{new_owner.full_name} is not in a team you lead."})


@transaction.atomic
def account_reassign(
    *, actor: User | None, account: Account, new_owner: User, reason: str
) -> Account:
    """Make ``new_owner`` the account's relationship owner. The supervisor follows the new
    owner's team; on a key account planned by the previous owner the plan moves too when the
    new owner is a key account manager."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_REASSIGN, account)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the account moves."})
    # Lock the account row only: PostgreSQL cannot lock the nullable side of the owner join.
    account = (
        Account.objects.select_for_update(of=("self",))
        .select_related("relationship_owner")
        .get(pk=account.pk)
    )
    if account.status == AccountStatus.IN_HANDOVER:
        raise ValidationError(
            "This account is still in hand-over: route the hand-over instead.",
            code="in_handover",
        )
    if account.relationship_owner_id == new_owner.pk:
        raise ValidationError(
            f"{new_owner.full_name} already looks after this account.", code="same_owner"
        )
    _check_new_owner(actor=actor, account=account, new_owner=new_owner)
    previous_id = account.relationship_owner_id
    relationship_change(account=account, actor=actor, new_owner_id=new_owner.pk, reason=reason)
    account.relationship_owner = new_owner
    fields = ["relationship_owner"]
    if (
        account.is_key
        and account.plan_owner_id in (None, previous_id)
        and policies.may_own_plan(new_owner)
    ):
        plan_owner_changed(
            account,
            actor=actor,
            previous_id=account.plan_owner_id,
            new_id=new_owner.pk,
            reason=reason,
        )
        account.plan_owner = new_owner
        fields.append("plan_owner")
    audit.attribute(account, actor, reason)
    account.save(update_fields=fields)
    _reroute_open_handovers(account=account, actor=actor, new_owner=new_owner)
    return account


def _reroute_open_handovers(*, account: Account, actor: User | None, new_owner: User) -> None:
    """A later deal's hand-over still open goes to the new owner: the old one accepting it
    would otherwise undo the move."""
    packages = account.handovers.select_for_update().filter(status__in=OPEN_STATUSES)
    for package in packages.exclude(receiver=new_owner):
        package.receiver = new_owner
        package.receiver_set_by = actor
        package.routing_rule = None
        audit.attribute(package, actor, f"Routed to {new_owner}: the account moved")
        package.save(update_fields=["receiver", "receiver_set_by", "routing_rule"])
