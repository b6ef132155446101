"""Every free text a client can send has its maximum in the OpenAPI schema, and for a model's
``TextField`` it is the one in ``text_limits.LIMITS``; longer text is a 400 naming the field.

A new string in a request body without a maximum fails here by itself; a new request body
holding a model's text needs its line in ``BODIES`` (the test says so).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from rest_framework.test import APIClient

from tests.accounts.factories import cared_account
from tests.factories import user_with
from tests.sales.factories import LeadFactory, open_deal, sales_team
from twofold.accounts.models import (
    Feedback,
    Goal,
    Project,
    SatisfactionResult,
    TermAmendment,
)
from twofold.activities.models import Activity
from twofold.catalog.models import Product
from twofold.core.text_limits import LIMITS, LONG, NOTE, SHORT, limit_for
from twofold.departments.models import InternalRequest
from twofold.handbook.models import RoleProfile
from twofold.handover.models import HandoverPackage, HandoverRound
from twofold.people.choices import Role
from twofold.people.models import Team
from twofold.sales.models import (
    ApprovalRequest,
    Complaint,
    DealStrategy,
    Lead,
    MeetingDecision,
    Partner,
    SalesMeeting,
    TermSheet,
    WebForm,
)

pytestmark = pytest.mark.django_db

# The model each request body writes to, by the body's schema name (without "Patched" and
# "Request"): its properties named like one of the model's text fields hold that field.
BODIES: dict[str, type[models.Model]] = {
    "AccountInteractionInput": Activity,
    "ActivityInput": Activity,
    "AmendmentCreate": TermAmendment,
    "AmendmentDecision": TermAmendment,
    "ComplaintInput": Complaint,
    "DealActivityInput": Activity,
    "DealStrategyInput": DealStrategy,
    "Decision": ApprovalRequest,
    "DecisionInput": MeetingDecision,
    "DeclineInput": InternalRequest,
    "FeedbackCreate": Feedback,
    "GoalCreate": Goal,
    "GoalUpdate": Goal,
    "HandoverAnswer": HandoverRound,
    "HandoverSendBack": HandoverRound,
    "HandoverUpdate": HandoverPackage,
    "LeadCreate": Lead,
    "LeadUpdate": Lead,
    "MeetingNotes": SalesMeeting,
    "PartnerInput": Partner,
    "ProductInput": Product,
    "ProjectCreate": Project,
    "ProjectUpdate": Project,
    "RaiseInput": InternalRequest,
    "Resolve": Complaint,
    "ResolveInput": InternalRequest,
    "RoleProfileUpdate": RoleProfile,
    "SatisfactionCreate": SatisfactionResult,
    "TeamCreate": Team,
    "TeamUpdate": Team,
    "TermsPropose": TermSheet,
    "Triage": Feedback,
    "WebFormInput": WebForm,
    "WebFormUpdate": WebForm,
}

# Properties whose name is not the model field's.
RENAMED = {
    ("AmendmentDecision", "comment"): "decision_comment",
    ("DeclineInput", "reason"): "outcome",
}

# Strings that are a choice, checked by the service against a list (not free text).
CHOICES = {
    ("ComplaintInput", "severity"),
    ("PartnerInput", "kind"),
    ("PartnerLinkInput", "role"),
    ("ProductInput", "kind"),
    ("RaiseInput", "department"),
    ("RaiseInput", "priority"),
    ("RaiseInput", "type"),
}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _body_name(ref: str) -> str:
    name = ref.rsplit("/", 1)[-1].removesuffix("Request")
    return name.removeprefix("Patched")


def texts(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(body, property, schema) of each writable free-text string of every JSON request body."""
    found = {}
    for methods in schema["paths"].values():
        for operation in methods.values():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            ref = content["application/json"]["schema"].get("$ref", "")
            body = _resolve(schema, content["application/json"]["schema"])
            for name, prop in body.get("properties", {}).items():
                prop = _resolve(schema, prop)
                if (
                    prop.get("type") == "string"
                    and not prop.get("readOnly")
                    and "format" not in prop
                    and "enum" not in prop
                ):
                    found[(_body_name(ref), name)] = prop
    return [(body, name, prop) for (body, name), prop in sorted(found.items())]


def model_field(body: str, name: str) -> str | None:
    """The ``LIMITS`` key of the model text field ``body.name`` holds, if it holds one."""
    model = BODIES.get(body)
    if model is None:
        return None
    key = f"{model._meta.label}.{RENAMED.get((body, name), name)}"
    return key if key in LIMITS else None


@pytest.fixture
def schema(admin_user) -> dict[str, Any]:
    client = APIClient()
    client.force_login(admin_user)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_has_model_texts_to_walk(schema):
    walked = {model_field(body, name) for body, name, _ in texts(schema)} - {None}

    assert len(walked) >= 40
    assert "sales.DealStrategy.approach" in walked


def test_every_free_text_of_a_request_body_has_a_maximum(schema):
    missing = [
        (body, name)
        for body, name, prop in texts(schema)
        if "maxLength" not in prop and (body, name) not in CHOICES
    ]

    assert missing == []


def test_every_model_text_of_a_request_body_has_its_documented_maximum(schema):
    wrong = [
        (body, name, prop.get("maxLength"), LIMITS[key])
        for body, name, prop in texts(schema)
        if (key := model_field(body, name)) and prop.get("maxLength") != LIMITS[key]
    ]

    assert wrong == []


def test_every_long_text_of_a_request_body_is_a_model_text_with_a_documented_limit(schema):
    unknown = [
        (body, name, prop["maxLength"])
        for body, name, prop in texts(schema)
        if prop.get("maxLength", 0) >= SHORT and model_field(body, name) is None
    ]

    assert unknown == [], "Map these bodies in BODIES (or RENAMED) to the model they write."


def _refused(response: Any, field: str) -> bool:
    answer = response.json()
    return (
        response.status_code == 400
        and set(answer) == {"message", "code", "fields"}
        and answer["code"] == "too_long"
        and list(answer["fields"]) == [field]
    )


def test_a_leads_need_over_its_limit_is_a_400_naming_the_field():
    lead = LeadFactory(owner=user_with(Role.BDM))
    client = APIClient()
    client.force_login(lead.owner)

    response = client.patch(f"/api/v1/leads/{lead.pk}/", {"need": "n" * (NOTE + 1)}, format="json")

    assert _refused(response, "need")
    assert response.json()["fields"]["need"] == [
        "Keep this to 5,000 characters or fewer (this text has 5,001)."
    ]
    lead.refresh_from_db()
    assert len(lead.need) <= NOTE


def test_an_interaction_body_over_its_limit_is_a_400_naming_the_field():
    account, manager, _ = cared_account()
    client = APIClient()
    client.force_login(manager)
    body = {"kind": "call", "subject": "Check-in", "body": "b" * (NOTE + 1)}

    response = client.post(f"/api/v1/accounts/{account.pk}/interactions/", body, format="json")

    assert _refused(response, "body")
    assert not Activity.objects.filter(account=account, subject="Check-in").exists()


def test_a_goals_success_criteria_over_their_limit_are_a_400_naming_the_field():
    account, manager, _ = cared_account()
    client = APIClient()
    client.force_login(manager)
    body = {"horizon": "short", "title": "Grow", "success_criteria": "s" * (NOTE + 1)}

    response = client.post(f"/api/v1/accounts/{account.pk}/goals/", body, format="json")

    assert _refused(response, "success_criteria")
    assert not Goal.objects.filter(account=account).exists()


def test_a_deal_strategy_over_its_limit_is_a_400_naming_the_field():
    deal = open_deal()
    team = sales_team(deal.owner)
    client = APIClient()
    client.force_login(team.lead)
    body = {"approach": "a" * (LONG + 1), "key_messages": "Uptime.", "risks": "-"}

    response = client.put(f"/api/v1/opportunities/{deal.pk}/strategy/", body, format="json")

    assert _refused(response, "approach")
    assert not DealStrategy.objects.filter(opportunity=deal).exists()


def test_a_strategy_at_its_limit_is_kept_through_the_api():
    deal = open_deal()
    team = sales_team(deal.owner)
    client = APIClient()
    client.force_login(team.lead)
    body = {"approach": "a" * limit_for(DealStrategy, "approach"), "key_messages": "Uptime."}

    response = client.put(f"/api/v1/opportunities/{deal.pk}/strategy/", body, format="json")

    assert response.status_code == 200
    assert len(DealStrategy.objects.get(opportunity=deal).approach) == LONG
