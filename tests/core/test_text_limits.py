"""Every free-text field has a documented maximum, checked by the services that write it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from rest_framework.test import APIClient

from tests.accounts.factories import cared_account
from tests.sales.factories import LeadFactory, open_deal, sales_team
from twofold.accounts.services.voice import feedback_create
from twofold.core import text_limits
from twofold.core.text_limits import LIMITS, LONG, NOTE
from twofold.sales.models import DealStrategy
from twofold.sales.services.complaints import complaint_log
from twofold.sales.services.leads import lead_update
from twofold.sales.services.strategy import deal_strategy_set

README = Path(__file__).resolve().parents[2] / "README.md"
TEXT = {"approach": "COO first.", "key_messages": "Uptime.", "risks": "-", "next_steps": "Call"}


def text_fields() -> set[str]:
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("twofold.")
        and not hasattr(model, "instance_type")  # django-simple-history's copies
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
    }


def test_every_text_field_of_the_models_has_a_limit():
    assert text_fields() - set(LIMITS) == set(), "Give these a line in text_limits.LIMITS."


def test_every_limit_is_for_a_text_field_that_exists():
    assert set(LIMITS) - text_fields() == set()


def test_every_limit_is_in_the_readmes_table():
    readme = README.read_text()

    missing = [name for name, limit in LIMITS.items() if f"| `{name}` | {limit:,} |" not in readme]

    assert missing == []


@pytest.mark.django_db
def test_a_strategy_of_twenty_thousand_characters_is_kept():
    deal = open_deal()
    team = sales_team(deal.owner)

    strategy = deal_strategy_set(
        actor=team.lead, opportunity=deal, **(TEXT | {"approach": "a" * LONG})
    )

    assert len(strategy.approach) == LONG


@pytest.mark.django_db
def test_a_strategy_over_its_limit_is_refused_naming_the_field():
    deal = open_deal()
    team = sales_team(deal.owner)

    with pytest.raises(ValidationError) as caught:
        deal_strategy_set(actor=team.lead, opportunity=deal, **(TEXT | {"risks": "r" * (LONG + 1)}))

    assert caught.value.message_dict == {
        "risks": ["Keep this to 20,000 characters or fewer (this text has 20,001)."]
    }
    assert DealStrategy.objects.count() == 0


@pytest.mark.django_db
def test_feedback_over_its_limit_is_refused_naming_the_body():
    account, manager, _ = cared_account()

    with pytest.raises(ValidationError) as caught:
        feedback_create(
            actor=manager, account=account, kind="feedback", title="Slow", body="b" * (NOTE + 1)
        )

    assert list(caught.value.message_dict) == ["body"]


@pytest.mark.django_db
def test_lead_notes_over_their_limit_are_refused_and_the_lead_keeps_its_notes():
    lead = LeadFactory(notes="Met at the fair.")

    with pytest.raises(ValidationError) as caught:
        lead_update(actor=None, lead=lead, notes="n" * (NOTE + 1))

    assert list(caught.value.message_dict) == ["notes"]
    lead.refresh_from_db()
    assert lead.notes == "Met at the fair."


@pytest.mark.django_db
def test_complaint_details_over_their_limit_are_refused():
    deal = open_deal()

    with pytest.raises(ValidationError) as caught:
        complaint_log(actor=deal.owner, opportunity=deal, summary="Late", details="d" * (NOTE + 1))

    assert list(caught.value.message_dict) == ["details"]


def test_the_limit_error_gives_both_numbers_with_separators():
    error = text_limits.too_long(5_000, 12_345)

    assert str(error.message) % error.params == (
        "Keep this to 5,000 characters or fewer (this text has 12,345)."
    )


@pytest.mark.django_db
def test_the_api_answers_a_too_long_strategy_with_a_400_naming_the_field():
    deal = open_deal()
    team = sales_team(deal.owner)
    client = APIClient()
    client.force_login(team.lead)

    response = client.put(
        f"/api/v1/opportunities/{deal.pk}/strategy/",
        TEXT | {"key_messages": "k" * (LONG + 1)},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["key_messages"]
