from twofold.accounts.models.accounts import (
    Account,
    AccountContact,
    AccountPolicy,
    Contract,
    OwnershipEvent,
)
from twofold.accounts.models.care import BudgetLine, Goal, Milestone, Project
from twofold.accounts.models.terms import AmendmentInstalment, TermAmendment
from twofold.accounts.models.voice import Feedback, SatisfactionResult, VoiceRequest

__all__ = [
    "Account",
    "AccountContact",
    "AccountPolicy",
    "AmendmentInstalment",
    "BudgetLine",
    "Contract",
    "Feedback",
    "Goal",
    "Milestone",
    "OwnershipEvent",
    "Project",
    "SatisfactionResult",
    "TermAmendment",
    "VoiceRequest",
]
