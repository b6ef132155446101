"""What the deal page shows of the deal's commercial side: line items, terms and approvals,
partners and complaints. (Filled in by the terms-and-closing work.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twofold.people.models import User
    from twofold.sales.models import Opportunity


@dataclass(frozen=True)
class DealCommercials:
    items: list[Any] = field(default_factory=list)
    term_sheets: list[Any] = field(default_factory=list)
    partners: list[Any] = field(default_factory=list)
    complaints: list[Any] = field(default_factory=list)


def deal_commercials(*, actor: User, opportunity: Opportunity) -> DealCommercials:
    return DealCommercials()
