"""Sales' section of the home page: a seller's tasks, deals without a next step, open
complaints and, for a sales lead, the term approvals waiting."""

from __future__ import annotations

from dataclasses import dataclass

from twofold.activities.selectors import MyTasks, open_tasks_of
from twofold.core.home import register_home_section
from twofold.people.models import User
from twofold.sales.models import Complaint, Opportunity
from twofold.sales.selectors.commercial import ApprovalsWaiting, approvals_waiting_for
from twofold.sales.selectors.complaints import open_complaints_for
from twofold.sales.selectors.deals import deals_without_next_step, works_sales


@dataclass(frozen=True)
class SellerWork:
    """A seller's to-do: tasks due today or overdue, and deals that need a next step; for a
    sales lead, the term approvals waiting for them."""

    tasks: MyTasks
    deals_without_next_step: list[Opportunity]
    open_complaints: list[Complaint]
    approvals: ApprovalsWaiting | None = None  # None: the seller approves no terms


def seller_work(user: User) -> SellerWork | None:
    """Three queries, for holders of a sales role only; one more for those who approve terms."""
    if not works_sales(user):
        return None
    return SellerWork(
        tasks=open_tasks_of(actor=user),
        deals_without_next_step=deals_without_next_step(actor=user),
        open_complaints=open_complaints_for(actor=user),
        approvals=approvals_waiting_for(actor=user),
    )


def register() -> None:
    register_home_section(
        "selling", order=50, build=seller_work, template="sales/partials/home_section.html"
    )
