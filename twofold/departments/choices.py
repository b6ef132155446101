from django.db import models


class RequestType(models.TextChoices):
    DELIVERY = "delivery", "Delivery or implementation work"
    SUPPORT = "support", "Support issue"
    BILLING = "billing", "Invoice or billing"
    CONTRACT = "contract", "Contract review"
    PRODUCT = "product", "Product question"
    OTHER = "other", "Other"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


# Hours to resolve, by priority, unless an admin set otherwise for the department.
DEFAULT_SLA_HOURS = {
    Priority.LOW: 120,
    Priority.NORMAL: 48,
    Priority.HIGH: 24,
    Priority.URGENT: 4,
}


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    DECLINED = "declined", "Declined"


OPEN_REQUEST_STATUSES = (RequestStatus.OPEN, RequestStatus.IN_PROGRESS)
