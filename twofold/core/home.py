"""The home page ("my work"): one section per role the actor holds, built from selectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from twofold import policies
from twofold.handbook.selectors import profiles_for_roles
from twofold.people.choices import Role, role_side
from twofold.people.selectors import TeamSummary, teams_of
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.accounts.selectors.home import CarerWork, HandoverWork
    from twofold.activities.selectors import MyTasks
    from twofold.departments.models import InternalRequest
    from twofold.handbook.models import RoleProfile
    from twofold.people.models import User
    from twofold.sales.models import Complaint, Opportunity
    from twofold.sales.selectors.commercial import ApprovalsWaiting


@dataclass(frozen=True)
class OrganisationCounts:
    active_users: int
    deactivated_users: int
    awaiting_first_sign_in: int
    teams: int


@dataclass(frozen=True)
class RoleBadge:
    label: str
    side: str


@dataclass(frozen=True)
class SellerWork:
    """A seller's to-do: tasks due today or overdue, and deals that need a next step; for a
    sales lead, the term approvals waiting for them."""

    tasks: MyTasks
    deals_without_next_step: list[Opportunity]
    open_complaints: list[Complaint]
    approvals: ApprovalsWaiting | None = None  # None: the seller approves no terms


@dataclass(frozen=True)
class Home:
    user: User
    roles: list[RoleBadge]
    profiles: list[RoleProfile]
    teams: list[TeamSummary]
    organisation: OrganisationCounts | None = None
    selling: SellerWork | None = None
    requests: list[InternalRequest] | None = None  # a department member's open requests
    handovers: HandoverWork | None = None  # hand-overs to complete (seller) or decide (receiver)
    caring: CarerWork | None = None  # an account manager's next steps and renewals
    notes: list[str] = field(default_factory=list)


def _organisation_counts() -> OrganisationCounts:
    from twofold.people.models import Team, User

    counts = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        deactivated=Count("pk", filter=Q(is_active=False)),
        waiting=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
    )
    return OrganisationCounts(
        active_users=counts["active"],
        deactivated_users=counts["deactivated"],
        awaiting_first_sign_in=counts["waiting"],
        teams=Team.objects.filter(is_active=True).count(),
    )


def _seller_work(user: User) -> SellerWork | None:
    """Three queries, for holders of a sales role only; one more for those who approve terms."""
    from twofold.activities.selectors import open_tasks_of
    from twofold.sales.selectors.commercial import approvals_waiting_for
    from twofold.sales.selectors.complaints import open_complaints_for
    from twofold.sales.selectors.deals import deals_without_next_step, works_sales

    if not works_sales(user):
        return None
    return SellerWork(
        tasks=open_tasks_of(actor=user),
        deals_without_next_step=deals_without_next_step(actor=user),
        open_complaints=open_complaints_for(actor=user),
        approvals=approvals_waiting_for(actor=user),
    )


def _department_work(user: User) -> list[InternalRequest] | None:
    """Two queries, for department members only: their open requests, overdue first."""
    from twofold.departments.selectors import open_requests_for

    if not policies.can(user, Perm.REQUEST_HOME):
        return None
    return open_requests_for(actor=user)


def home_for(user: User) -> Home:
    """Everything the home page shows, in a constant number of queries."""
    # Imported here: core sits below the apps whose work it gathers.
    from twofold.accounts.selectors.home import carer_work, handover_work

    return Home(
        user=user,
        roles=[
            RoleBadge(label, role_side(value))
            for value, label in Role.choices
            if value in user.roles
        ],
        profiles=profiles_for_roles(user.roles),
        teams=teams_of(actor=user),
        organisation=_organisation_counts() if policies.can(user, Perm.USER_MANAGE) else None,
        selling=_seller_work(user),
        requests=_department_work(user),
        handovers=handover_work(user),
        caring=carer_work(user),
    )
