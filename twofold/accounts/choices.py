from django.db import models

from twofold.activities.models import ActivityKind


class AccountStatus(models.TextChoices):
    IN_HANDOVER = "in_handover", "In hand-over"
    MANAGED = "managed", "Managed"


class OwnershipKind(models.TextChoices):
    """The four ownerships DESIGN keeps apart; each change of one is an OwnershipEvent."""

    DEAL = "deal", "Deal owner"
    RELATIONSHIP = "relationship", "Relationship owner"
    PLAN = "plan", "Plan owner"
    SUPERVISOR = "supervisor", "Supervisor"


class ContactRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", "Decision maker"
    CHAMPION = "champion", "Champion"
    BUYER = "buyer", "Buyer / procurement"
    FINANCE = "finance", "Finance"
    TECHNICAL = "technical", "Technical contact"
    USER = "user", "User"
    OTHER = "other", "Other"


class BillingFrequency(models.TextChoices):
    ONCE = "once", "Once"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"


# An account's timeline is the one activity table: its kinds are the activities' kinds.
InteractionKind = ActivityKind


LOGGED_KINDS = (
    InteractionKind.CALL,
    InteractionKind.MEETING,
    InteractionKind.EMAIL,
    InteractionKind.NOTE,
)


class GoalHorizon(models.TextChoices):
    SHORT = "short", "Short term"
    LONG = "long", "Long term"


class GoalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class MilestoneStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", "Feedback"
    PRODUCT_CHANGE = "product_change", "Product change request"
    POLICY_CHANGE = "policy_change", "Policy change request"


class FeedbackStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class SurveyKind(models.TextChoices):
    NPS = "nps", "NPS"
    CSAT = "csat", "CSAT"


SURVEY_SCALE = {SurveyKind.NPS: (0, 10), SurveyKind.CSAT: (1, 5)}


class AmendmentStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
