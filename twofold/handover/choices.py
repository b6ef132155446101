from django.db import models


class HandoverStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for acceptance"
    SENT_BACK = "sent_back", "Sent back with questions"
    ACCEPTED = "accepted", "Accepted"


OPEN_STATUSES = (HandoverStatus.DRAFT, HandoverStatus.SUBMITTED, HandoverStatus.SENT_BACK)
