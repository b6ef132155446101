from django.db import models


class LeadSource(models.TextChoices):
    COLD_CALL = "cold_call", "Cold call"
    REFERRAL = "referral", "Referral / network"
    WEB_FORM = "web_form", "Inbound web form"
    EVENT = "event", "Event"
    PARTNER = "partner", "Partner"
    IMPORT = "import", "Import"
    OTHER = "other", "Other"


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    WORKING = "working", "Working"
    QUALIFIED = "qualified", "Qualified"
    DISQUALIFIED = "disqualified", "Disqualified"
    CONVERTED = "converted", "Converted"


OPEN_LEAD_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED)


class LeadEventType(models.TextChoices):
    CREATED = "created", "Created"
    ASSIGNED = "assigned", "Assigned"
    STATUS_CHANGED = "status_changed", "Status changed"
    QUALIFIED = "qualified", "Qualified"
    DISQUALIFIED = "disqualified", "Disqualified"
    CONVERTED = "converted", "Handed to a BDM"
    REOPENED = "reopened", "Reopened"
    COMPLAINT_LOGGED = "complaint_logged", "Complaint logged"
    COMPLAINT_RESOLVED = "complaint_resolved", "Complaint resolved"


class OpportunityKind(models.TextChoices):
    """New business belongs to sales; the other three to account management (invariant 1)."""

    NEW_BUSINESS = "new_business", "New business"
    UPSELL = "upsell", "Upsell"
    CROSS_SELL = "cross_sell", "Cross-sell"
    RENEWAL = "renewal", "Renewal"


class OpportunityStatus(models.TextChoices):
    OPEN = "open", "Open"
    WON = "won", "Won"
    LOST = "lost", "Lost"


class StageKind(models.TextChoices):
    OPEN = "open", "Open"
    WON = "won", "Won"
    LOST = "lost", "Lost"


class OpportunityEventType(models.TextChoices):
    CREATED = "created", "Created"
    STAGE_CHANGED = "stage_changed", "Stage changed"
    OWNER_CHANGED = "owner_changed", "Deal owner changed"
    AMOUNT_CHANGED = "amount_changed", "Amount changed"
    STRATEGY_CHANGED = "strategy_changed", "Strategy changed"
    TERMS_PROPOSED = "terms_proposed", "Terms proposed"
    APPROVAL_REQUESTED = "approval_requested", "Approval requested"
    APPROVAL_DECIDED = "approval_decided", "Approval decided"
    WON = "won", "Won"
    LOST = "lost", "Lost"
    REOPENED = "reopened", "Reopened"
    PARTNER_LINKED = "partner_linked", "Partner linked"
    COMPLAINT_LOGGED = "complaint_logged", "Complaint logged"
    COMPLAINT_RESOLVED = "complaint_resolved", "Complaint resolved"
    MEETING_DECISION = "meeting_decision", "Sales meeting decision"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class TermSheetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING_APPROVAL = "pending_approval", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class PartnerKind(models.TextChoices):
    WHOLESALER = "wholesaler", "Wholesaler"
    RESELLER = "reseller", "Reseller"
    REFERRAL = "referral", "Referral partner"
    AGENCY = "agency", "Agency"


class PartnerRole(models.TextChoices):
    REFERRER = "referrer", "Referred the client"
    RESELLER = "reseller", "Resells to the client"
    WHOLESALER = "wholesaler", "Supplies through wholesale"
    INFLUENCER = "influencer", "Advises the client"


class ComplaintSeverity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
