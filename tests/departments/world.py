"""A small organisation for the request tests: an account manager's account, her account
executive, and two departments (delivery, support) with a lead and a member each."""

from __future__ import annotations

from dataclasses import dataclass

from tests.accounts.factories import AccountFactory, account_team, department_team
from tests.factories import user_with
from twofold.accounts.models import Account
from twofold.departments import services
from twofold.departments.models import InternalRequest
from twofold.people.choices import Department, Role
from twofold.people.models import User


@dataclass
class Org:
    am: User
    ae: User
    account: Account
    seller: User
    delivery_lead: User
    delivery: User
    support: User
    other_am: User
    other_account: Account


def build_org() -> Org:
    am = user_with(Role.ACCOUNT_MANAGER, full_name="Amy Manager")
    ae = user_with(Role.ACCOUNT_EXECUTIVE, full_name="Eve Executive")
    account_team(am, lead=ae)
    seller = user_with(Role.BDM, full_name="Sam Seller")
    account = AccountFactory(name="Acme Client", relationship_owner=am, seller=seller)
    delivery_lead = user_with(Role.DEPARTMENT_MEMBER, full_name="Lena Lead")
    delivery = user_with(Role.DEPARTMENT_MEMBER, full_name="Dan Delivery")
    department_team(Department.DELIVERY, delivery, lead=delivery_lead)
    support = user_with(Role.DEPARTMENT_MEMBER, full_name="Sue Support")
    department_team(Department.SUPPORT, support)
    other_am = user_with(Role.ACCOUNT_MANAGER, full_name="Olga Other")
    other_account = AccountFactory(name="Other Client", relationship_owner=other_am)
    return Org(
        am=am,
        ae=ae,
        account=account,
        seller=seller,
        delivery_lead=delivery_lead,
        delivery=delivery,
        support=support,
        other_am=other_am,
        other_account=other_account,
    )


def raise_request(
    org: Org,
    *,
    title: str = "Set up the second site",
    department: str = Department.DELIVERY,
    priority: str = "normal",
    account: Account | None = None,
    actor: User | None = None,
) -> InternalRequest:
    account = account or org.account
    return services.request_raise(
        actor=actor or (org.am if account == org.account else org.other_am),
        account=account,
        department=department,
        type="delivery",
        title=title,
        details="Two rooms, 40 seats.",
        priority=priority,
    )
