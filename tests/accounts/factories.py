"""Factories for customer accounts, shared by the account, hand-over and request tests.

Add new factories at the end; re-read the file before editing (others add theirs too)."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import TeamFactory, user_with
from tests.sales.factories import CompanyFactory
from twofold.accounts.choices import AccountStatus
from twofold.accounts.models import Account
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import Team, User


class AccountFactory(DjangoModelFactory[Account]):
    """A managed account; pass ``relationship_owner`` (an account manager) and ``seller``."""

    class Meta:
        model = Account

    company = factory.SubFactory(CompanyFactory)
    name = factory.LazyAttribute(lambda account: account.company.name)
    status = AccountStatus.MANAGED
    accepted_at = factory.LazyFunction(timezone.now)


def account_team(*members: User, lead: User | None = None) -> Team:
    """An account-management team led by an account executive."""
    return TeamFactory(
        kind=TeamKind.ACCOUNT_MANAGEMENT,
        lead=lead or user_with(Role.ACCOUNT_EXECUTIVE),
        members=list(members),
    )


def department_team(department: Department, *members: User, **kwargs: Any) -> Team:
    """A department (delivery, support, finance, legal, product) with its members."""
    return TeamFactory(
        kind=TeamKind.DEPARTMENT,
        department=department,
        lead=kwargs.pop("lead", None) or user_with(Role.DEPARTMENT_MEMBER),
        members=list(members),
        **kwargs,
    )


def cared_account(**kwargs: Any) -> tuple[Account, User, User]:
    """A managed account, its account manager and the account executive over them (care
    tabs' tests): returns (account, account manager, account executive)."""
    manager = user_with(Role.ACCOUNT_MANAGER)
    executive = user_with(Role.ACCOUNT_EXECUTIVE)
    account_team(manager, lead=executive)
    kwargs.setdefault("relationship_owner", manager)
    account = AccountFactory(**kwargs)
    return account, manager, executive
