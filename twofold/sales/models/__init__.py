"""Sales data: leads and their routing, pipelines and opportunities, negotiated terms and their
approval, intermediaries, complaints during the sale, recorded sales and sales meetings."""

from twofold.sales.models.config import LostReason, Organisation, SalesPolicy
from twofold.sales.models.deals import (
    DealStrategy,
    LineItem,
    Opportunity,
    OpportunityEvent,
    Pipeline,
    Sale,
    SaleCredit,
    Stage,
)
from twofold.sales.models.leads import AssignmentRule, Lead, LeadEvent, WebForm
from twofold.sales.models.meetings import MeetingDecision, SalesMeeting
from twofold.sales.models.partners import Partner, PartnerContact, PartnerLink
from twofold.sales.models.service import Complaint
from twofold.sales.models.terms import ApprovalRequest, Instalment, TermSheet

__all__ = [
    "ApprovalRequest",
    "AssignmentRule",
    "Complaint",
    "DealStrategy",
    "Instalment",
    "Lead",
    "LeadEvent",
    "LineItem",
    "LostReason",
    "MeetingDecision",
    "Opportunity",
    "OpportunityEvent",
    "Organisation",
    "Partner",
    "PartnerContact",
    "PartnerLink",
    "Pipeline",
    "Sale",
    "SaleCredit",
    "SalesMeeting",
    "SalesPolicy",
    "Stage",
    "TermSheet",
    "WebForm",
]
