"""Satisfaction surveys: NPS (0 to 10) and CSAT (1 to 5) answers over time. The account keeps
the latest answer of each for the portfolio."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import SURVEY_SCALE, SurveyKind
from twofold.accounts.models import Account, SatisfactionResult
from twofold.accounts.services.voice import check_contact
from twofold.core.audit import attribute
from twofold.core.dates import HAPPENED
from twofold.core.text_limits import check_text
from twofold.policies import Perm

if TYPE_CHECKING:
    from twofold.parties.models import Contact
    from twofold.people.models import User


def _latest(account: Account, kind: str) -> int | None:
    return (
        SatisfactionResult.objects.filter(account=account, kind=kind)
        .order_by("-taken_on", "-id")
        .values_list("score", flat=True)
        .first()
    )


@transaction.atomic
def satisfaction_record(
    *,
    actor: User,
    account: Account,
    kind: str,
    score: int,
    taken_on: date | None = None,
    contact: Contact | None = None,
    comment: str = "",
) -> SatisfactionResult:
    """Record one survey answer; ``Account.nps``/``csat`` become the latest answers."""
    policies.require(actor, Perm.ACCOUNT_EDIT, account)
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": "Choose NPS or CSAT."})
    low, high = SURVEY_SCALE[SurveyKind(kind)]
    if not isinstance(score, int) or isinstance(score, bool) or not low <= score <= high:
        raise ValidationError({"score": f"{SurveyKind(kind).label} is from {low} to {high}."})
    taken_on = taken_on or timezone.localdate()
    if taken_on > timezone.localdate():
        raise ValidationError({"taken_on": "A survey answer cannot be from the future."})
    HAPPENED.check(taken_on=taken_on)
    check_contact(account, contact)
    result = SatisfactionResult(
        account=account,
        kind=kind,
        score=score,
        taken_on=taken_on,
        contact=contact,
        comment=(comment or "").strip(),
        recorded_by=actor,
    )
    attribute(result, actor, "Recorded")
    check_text(result)
    result.save()
    field = "nps" if kind == SurveyKind.NPS else "csat"
    latest = _latest(account, kind)
    Account.objects.filter(pk=account.pk).update(**{field: latest})
    setattr(account, field, latest)
    return result
