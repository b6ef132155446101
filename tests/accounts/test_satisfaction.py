"""Satisfaction: NPS 0 to 10, CSAT 1 to 5, latest answers on the account, NPS per quarter."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.accounts.factories import cared_account
from twofold.accounts.models import SatisfactionResult
from twofold.accounts.selectors.care import satisfaction_of
from twofold.accounts.services.satisfaction import satisfaction_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "score", "message"),
    [
        ("nps", 11, "NPS is from 0 to 10."),
        ("csat", 0, "CSAT is from 1 to 5."),
        ("csat", 6, "CSAT is from 1 to 5."),
    ],
)
def test_scores_off_the_scale_are_refused(kind, score, message):
    account, manager, _ = cared_account()

    with pytest.raises(ValidationError) as raised:
        satisfaction_record(actor=manager, account=account, kind=kind, score=score)

    assert raised.value.message_dict == {"score": [message]}
    assert SatisfactionResult.objects.count() == 0


def test_the_account_keeps_the_latest_answers_by_date():
    account, manager, _ = cared_account()
    satisfaction_record(
        actor=manager, account=account, kind="nps", score=9, taken_on=date(2025, 5, 1)
    )
    satisfaction_record(
        actor=manager, account=account, kind="nps", score=3, taken_on=date(2025, 1, 1)
    )
    satisfaction_record(
        actor=manager, account=account, kind="csat", score=4, taken_on=date(2025, 2, 1)
    )

    account.refresh_from_db()
    assert (account.nps, account.csat) == (9, 4)


def test_nps_per_quarter_is_promoters_minus_detractors(django_assert_num_queries):
    account, manager, _ = cared_account()
    for score in [10, 9, 8, 2]:
        satisfaction_record(
            actor=manager, account=account, kind="nps", score=score, taken_on=date(2025, 2, 1)
        )
    satisfaction_record(
        actor=manager, account=account, kind="nps", score=0, taken_on=date(2025, 4, 1)
    )
    satisfaction_record(
        actor=manager, account=account, kind="csat", score=4, taken_on=date(2025, 4, 2)
    )
    satisfaction_record(
        actor=manager, account=account, kind="csat", score=5, taken_on=date(2025, 4, 3)
    )

    with django_assert_num_queries(2):
        data = satisfaction_of(account=account)

    assert [(q.label, q.nps, q.csat_average) for q in data.quarters] == [
        ("2025 Q1", 25, None),
        ("2025 Q2", -100, 4.5),
    ]
    assert data.chart is not None
    assert len(data.chart.nps) == 2
