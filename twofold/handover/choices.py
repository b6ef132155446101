from django.db import models


class HandoverStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for acceptance"
    SENT_BACK = "sent_back", "Sent back with questions"
    ACCEPTED = "accepted", "Accepted"
    SUPERSEDED = "superseded", "Superseded"


OPEN_STATUSES = (HandoverStatus.DRAFT, HandoverStatus.SUBMITTED, HandoverStatus.SENT_BACK)
# Closed: accepted, or superseded by a newer hand-over of the same account.
CLOSED_STATUSES = (HandoverStatus.ACCEPTED, HandoverStatus.SUPERSEDED)
