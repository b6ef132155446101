"""The commercial side's rows of the authorization matrix: every role x every endpoint.

The world of ``tests/authz/harness.py`` is extended with a target
seller's deals (one on approved terms, one waiting for approval, one lost), a partner on the
target's deal and a complaint on it, and a deal of the actor's own when their role sells. A
refused call answers 403/404/405, shows nothing of the target's deals and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.authz.harness import (
    ADMIN,
    NOBODY,
    Endpoint,
    Matrix,
    World,
    api,
    build_world,
    call,
    web,
)
from tests.conftest import people_snapshot
from tests.factories import user_with
from tests.sales.factories import (
    LostReasonFactory,
    PartnerFactory,
    ProductFactory,
    commercial_snapshot,
    deal_for,
)
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES, Role
from twofold.sales.services.closing import opportunity_close_lost
from twofold.sales.services.complaints import complaint_log
from twofold.sales.services.partners import partner_link
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db

DEAL_NAME = "Tessa Secret Deal"
SECRET_AMOUNT = "98765.43"
COMPLAINT = "Tessa client is furious"
SELLERS = frozenset({Role.BDM, Role.AGENT, Role.SALES_LEAD})
OWN = SELLERS | ADMIN
REVENUE = frozenset(SALES_ROLES | ACCOUNT_ROLES) | ADMIN
SALES_STAFF = frozenset(SALES_ROLES - {Role.AGENT}) | ADMIN
LEADS = frozenset({Role.SALES_LEAD}) | ADMIN


@dataclass
class Commercial:
    base: World
    deal: Any  # the target's deal on approved terms
    pending_deal: Any
    lost_deal: Any
    own_deal: Any
    item: Any
    approval: Any
    partner: Any
    complaint: Any
    product: Any
    reason: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)


def build_commercial_world(role: Role) -> Commercial:
    base = build_world(role)
    product = ProductFactory(code="MATRIX-1", list_price=Decimal("1234.00"))
    reason = LostReasonFactory(name="Price")
    deal = deal_for(base.target, amount=Decimal("0.00"), name=DEAL_NAME)
    from twofold.sales.services.items import line_item_add

    item = line_item_add(actor=None, opportunity=deal, product=product)
    terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(0), net_days=30, instalment_count=1
    )
    pending_deal = deal_for(base.target, amount=Decimal(SECRET_AMOUNT), name=DEAL_NAME + " 2")
    sheet = terms_propose(
        actor=None,
        opportunity=pending_deal,
        discount_percent=Decimal(40),
        net_days=30,
        instalment_count=1,
    )
    lost_deal = deal_for(base.target, name=DEAL_NAME + " 3")
    opportunity_close_lost(actor=None, opportunity=lost_deal, reason=reason)
    partner = PartnerFactory(name="Matrix Partner")
    partner_link(actor=None, partner=partner, opportunity=deal, role="reseller")
    complaint = complaint_log(actor=None, opportunity=deal, summary=COMPLAINT, owner=base.target)
    owner = base.actor if role in SELLERS else user_with(Role.BDM)
    own_deal = deal_for(owner, amount=Decimal("500.00"), name="Own deal")
    return Commercial(
        base=base,
        deal=deal,
        pending_deal=pending_deal,
        lost_deal=lost_deal,
        own_deal=own_deal,
        item=item,
        approval=sheet.approvals.get(),
        partner=partner,
        complaint=complaint,
        product=product,
        reason=reason,
    )


TODAY = str(timezone.localdate())
V1 = "/api/v1"

ENDPOINTS = [
    # Catalog
    api("products", "get", lambda w: f"{V1}/products/", REVENUE),
    api("product", "get", lambda w: f"{V1}/products/{w.product.pk}/", REVENUE),
    api(
        "product create",
        "post",
        lambda w: f"{V1}/products/",
        ADMIN,
        success=201,
        payload=lambda w: {"code": "NEW", "name": "New", "family": "F", "list_price": "10.00"},
    ),
    api(
        "product put",
        "put",
        lambda w: f"{V1}/products/{w.product.pk}/",
        ADMIN,
        payload=lambda w: {"code": "MATRIX-1", "name": "Renamed", "family": "F", "list_price": "1"},
    ),
    api("product delete", "delete", lambda w: f"{V1}/products/{w.product.pk}/", NOBODY),
    # Items
    api(
        "target's items",
        "get",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/items/",
        ADMIN,
    ),
    api(
        "item on target's deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/items/",
        ADMIN,
        success=201,
        payload=lambda w: {"product_id": w.product.pk},
    ),
    api(
        "item on own deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.own_deal.pk}/items/",
        OWN,
        success=201,
        payload=lambda w: {"product_id": w.product.pk, "unit_price": "10.00"},
    ),
    api(
        "item patch",
        "patch",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/items/{w.item.pk}/",
        ADMIN,
        payload=lambda w: {"quantity": "2"},
        shows_target=ADMIN,
    ),
    api(
        "item delete",
        "delete",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/items/{w.item.pk}/",
        ADMIN,
        success=204,
    ),
    # Terms and approvals
    api("target's terms", "get", lambda w: f"{V1}/opportunities/{w.deal.pk}/terms/", ADMIN),
    api(
        "terms on target's deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/terms/",
        ADMIN,
        success=201,
        payload=lambda w: {"discount_percent": "5", "net_days": 30, "instalment_count": 2},
    ),
    api(
        "terms on own deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.own_deal.pk}/terms/",
        OWN,
        success=201,
        payload=lambda w: {"discount_percent": "5", "net_days": 30, "instalment_count": 2},
    ),
    api("approvals", "get", lambda w: f"{V1}/approvals/", LEADS),
    api("approval", "get", lambda w: f"{V1}/approvals/{w.approval.pk}/", ADMIN),
    api(
        "approve target's terms",
        "post",
        lambda w: f"{V1}/approvals/{w.approval.pk}/approve/",
        ADMIN,
        payload=lambda w: {"comment": "ok"},
    ),
    api(
        "reject target's terms",
        "post",
        lambda w: f"{V1}/approvals/{w.approval.pk}/reject/",
        ADMIN,
        payload=lambda w: {"comment": "no"},
    ),
    # Closing
    api(
        "win target's deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/close-won/",
        ADMIN,
        payload=lambda w: {"closed_on": TODAY},
    ),
    api(
        "lose target's deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/close-lost/",
        ADMIN,
        payload=lambda w: {"reason_id": w.reason.pk},
    ),
    api(
        "lose own deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.own_deal.pk}/close-lost/",
        OWN,
        payload=lambda w: {"reason_id": w.reason.pk},
    ),
    api(
        "reopen target's lost deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.lost_deal.pk}/reopen/",
        ADMIN,
        payload=lambda w: {"reason": "Back"},
    ),
    # Partners
    api("partners", "get", lambda w: f"{V1}/partners/", REVENUE),
    api(
        "partner with target's deal",
        "get",
        lambda w: f"{V1}/partners/{w.partner.pk}/",
        REVENUE,
        shows_target=ADMIN,
    ),
    api(
        "partner create",
        "post",
        lambda w: f"{V1}/partners/",
        SALES_STAFF,
        success=201,
        payload=lambda w: {"name": "New Partner", "kind": "agency"},
    ),
    api(
        "partner put",
        "put",
        lambda w: f"{V1}/partners/{w.partner.pk}/",
        SALES_STAFF,
        payload=lambda w: {"name": "Matrix Partner", "kind": "agency"},
        shows_target=ADMIN,
    ),
    api(
        "partner contact",
        "post",
        lambda w: f"{V1}/partners/{w.partner.pk}/contacts/",
        SALES_STAFF,
        success=201,
        payload=lambda w: {"full_name": "Pat Partner"},
    ),
    api(
        "target's deal partners",
        "get",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/partners/",
        ADMIN,
    ),
    api(
        "link partner to target's deal",
        "post",
        lambda w: f"{V1}/opportunities/{w.deal.pk}/partners/",
        ADMIN,
        success=201,
        payload=lambda w: {"partner_id": w.partner.pk, "role": "referrer"},
    ),
    # Complaints
    api("complaints", "get", lambda w: f"{V1}/complaints/", REVENUE, shows_target=ADMIN),
    api(
        "complaint on target's deal",
        "post",
        lambda w: f"{V1}/complaints/",
        ADMIN,
        success=201,
        payload=lambda w: {"opportunity_id": w.deal.pk, "summary": "New"},
    ),
    api(
        "target's complaint",
        "get",
        lambda w: f"{V1}/complaints/{w.complaint.pk}/",
        ADMIN,
        shows_target=ADMIN,
    ),
    api(
        "resolve target's complaint",
        "post",
        lambda w: f"{V1}/complaints/{w.complaint.pk}/resolve/",
        ADMIN,
        payload=lambda w: {"resolution": "Done"},
        shows_target=ADMIN,
    ),
    # Settings
    api("lost reasons", "get", lambda w: f"{V1}/lost-reasons/", REVENUE),
    api(
        "lost reason create",
        "post",
        lambda w: f"{V1}/lost-reasons/",
        ADMIN,
        success=201,
        payload=lambda w: {"name": "Timing"},
    ),
    api(
        "lost reason put",
        "put",
        lambda w: f"{V1}/lost-reasons/{w.reason.pk}/",
        ADMIN,
        payload=lambda w: {"name": "Price", "order": 1, "is_active": True},
    ),
    api("sales policy", "get", lambda w: f"{V1}/sales-policy/", REVENUE),
    api(
        "sales policy put",
        "put",
        lambda w: f"{V1}/sales-policy/",
        ADMIN,
        payload=lambda w: {"max_discount_percent": "15", "max_instalments": 4, "max_net_days": 45},
    ),
    api("sales policy delete", "delete", lambda w: f"{V1}/sales-policy/", NOBODY),
]

WEB_ENDPOINTS = [
    web("catalog", "get", lambda w: "/sales/products/", REVENUE),
    web("new product form", "get", lambda w: "/sales/products/new/", ADMIN),
    web(
        "new product",
        "post",
        lambda w: "/sales/products/new/",
        ADMIN,
        success=302,
        payload=lambda w: {
            "code": "WEB-1",
            "name": "Web",
            "kind": "service",
            "family": "F",
            "tier": 1,
            "list_price": "5.00",
            "currency": "EUR",
            "is_active": "on",
        },
    ),
    web("edit product form", "get", lambda w: f"/sales/products/{w.product.pk}/edit/", ADMIN),
    web(
        "quote of target's deal",
        "get",
        lambda w: f"/sales/deals/{w.deal.pk}/quote/",
        ADMIN,
        shows_target=ADMIN,
    ),
    web(
        "quote PDF of target's deal", "get", lambda w: f"/sales/deals/{w.deal.pk}/quote.pdf", ADMIN
    ),
    web("quote of own deal", "get", lambda w: f"/sales/deals/{w.own_deal.pk}/quote/", OWN),
    web(
        "item form on target's deal",
        "get",
        lambda w: f"/sales/deals/{w.deal.pk}/items/new/",
        ADMIN,
        shows_target=ADMIN,
    ),
    web(
        "item on own deal",
        "post",
        lambda w: f"/sales/deals/{w.own_deal.pk}/items/new/",
        OWN,
        success=302,
        payload=lambda w: {"product": w.product.pk, "quantity": "1", "discount_percent": "0"},
    ),
    web(
        "item edit on target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/items/{w.item.pk}/",
        ADMIN,
        success=302,
        payload=lambda w: {"quantity": "3", "unit_price": "1.00", "discount_percent": "0"},
    ),
    web(
        "item remove on target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/items/{w.item.pk}/remove/",
        ADMIN,
        success=302,
    ),
    web(
        "terms on own deal",
        "post",
        lambda w: f"/sales/deals/{w.own_deal.pk}/terms/",
        OWN,
        success=302,
        payload=lambda w: {"discount_percent": "0", "net_days": "30", "instalment_count": "1"},
    ),
    web(
        "terms form on target's deal",
        "get",
        lambda w: f"/sales/deals/{w.deal.pk}/terms/",
        ADMIN,
        shows_target=ADMIN,
    ),
    web("approvals page", "get", lambda w: "/sales/approvals/", LEADS, shows_target=ADMIN),
    web(
        "approve target's terms",
        "post",
        lambda w: f"/sales/approvals/{w.approval.pk}/decide/",
        ADMIN,
        success=302,
        payload=lambda w: {"decision": "approve"},
    ),
    web(
        "win target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/close-won/",
        ADMIN,
        success=302,
        payload=lambda w: {"closed_on": TODAY},
    ),
    web("win form on own deal", "get", lambda w: f"/sales/deals/{w.own_deal.pk}/close-won/", OWN),
    web(
        "lose target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/close-lost/",
        ADMIN,
        success=302,
        payload=lambda w: {"reason": w.reason.pk},
    ),
    web("lose form on own deal", "get", lambda w: f"/sales/deals/{w.own_deal.pk}/close-lost/", OWN),
    web(
        "reopen target's lost deal",
        "post",
        lambda w: f"/sales/deals/{w.lost_deal.pk}/reopen/",
        ADMIN,
        success=302,
        payload=lambda w: {"reason": "Back"},
    ),
    web("partners page", "get", lambda w: "/sales/partners/", REVENUE),
    web(
        "partner page with target's deal",
        "get",
        lambda w: f"/sales/partners/{w.partner.pk}/",
        REVENUE,
        shows_target=ADMIN,
    ),
    web("new partner form", "get", lambda w: "/sales/partners/new/", SALES_STAFF),
    web(
        "new partner",
        "post",
        lambda w: "/sales/partners/new/",
        SALES_STAFF,
        success=302,
        payload=lambda w: {"name": "Web Partner", "kind": "agency", "is_active": "on"},
    ),
    web("edit partner form", "get", lambda w: f"/sales/partners/{w.partner.pk}/edit/", SALES_STAFF),
    web(
        "partner contact",
        "post",
        lambda w: f"/sales/partners/{w.partner.pk}/contacts/",
        SALES_STAFF,
        success=302,
        payload=lambda w: {"full_name": "Pat Partner"},
    ),
    web(
        "link partner to target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/partners/",
        ADMIN,
        success=302,
        payload=lambda w: {"partner": w.partner.pk, "role": "referrer"},
    ),
    web(
        "unlink partner from target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/partners/{w.deal.partner_links.get().pk}/remove/",
        ADMIN,
        success=302,
    ),
    web("complaints page", "get", lambda w: "/sales/complaints/", REVENUE, shows_target=ADMIN),
    web(
        "target's complaint page",
        "get",
        lambda w: f"/sales/complaints/{w.complaint.pk}/",
        ADMIN,
        shows_target=ADMIN,
    ),
    web(
        "complaint on target's deal",
        "post",
        lambda w: f"/sales/deals/{w.deal.pk}/complaints/new/",
        ADMIN,
        success=302,
        payload=lambda w: {"summary": "New", "severity": "low"},
    ),
    web(
        "resolve target's complaint",
        "post",
        lambda w: f"/sales/complaints/{w.complaint.pk}/resolve/",
        ADMIN,
        success=302,
        payload=lambda w: {"resolution": "Done"},
    ),
    web("sales policy page", "get", lambda w: "/sales/settings/sales-policy/", ADMIN),
    web(
        "sales policy save",
        "post",
        lambda w: "/sales/settings/sales-policy/",
        ADMIN,
        success=302,
        payload=lambda w: {
            "max_discount_percent": "12",
            "max_instalments": "4",
            "max_net_days": "60",
            "stalled_after_days": "21",
        },
    ),
    web("organisation page", "get", lambda w: "/sales/settings/organisation/", ADMIN),
    web(
        "organisation save",
        "post",
        lambda w: "/sales/settings/organisation/",
        ADMIN,
        success=302,
        payload=lambda w: {
            "name": "Us Ltd",
            "address": "1 Main St",
            "tax_number": "",
            "tax_label": "VAT",
            "tax_rate_percent": "20",
            "quote_valid_days": "30",
        },
    ),
    web("lost reasons page", "get", lambda w: "/sales/settings/lost-reasons/", ADMIN),
    web(
        "lost reason add",
        "post",
        lambda w: "/sales/settings/lost-reasons/",
        ADMIN,
        success=302,
        payload=lambda w: {"name": "Timing", "order": "2", "is_active": "on"},
    ),
    web(
        "lost reason form",
        "get",
        lambda w: f"/sales/settings/lost-reasons/{w.reason.pk}/",
        ADMIN,
    ),
    web(
        "close won by GET is only a form",
        "delete",
        lambda w: f"/sales/deals/{w.deal.pk}/close-won/",
        NOBODY,
    ),
]

SECRETS = [DEAL_NAME, SECRET_AMOUNT, COMPLAINT]


def snapshot() -> dict[str, int]:
    return people_snapshot() | commercial_snapshot()


def check(endpoint: Endpoint, role: Role) -> None:
    # Given a user holding only ``role`` and the target seller's deals, partner and complaint
    world = build_commercial_world(role)
    before = snapshot()

    # When they call the endpoint
    response = call(endpoint, world)

    # Then an allowed call succeeds, and a refused one is refused without a trace
    body = response.content.decode(errors="replace")
    if role in endpoint.allowed:
        assert response.status_code == endpoint.success, body[:2000]
        if role not in endpoint.shows_target:
            for secret in SECRETS:
                assert secret not in body, secret
        elif endpoint.method == "get" and "pdf" not in endpoint.name.lower():
            assert any(secret in body for secret in SECRETS), body[:2000]
    else:
        assert response.status_code in (403, 404, 405), body[:2000]
        for secret in SECRETS:
            assert secret not in body, secret
        assert snapshot() == before
        if endpoint.client_kind == "api":
            assert set(response.json()) == {"message", "code", "fields"}


@pytest.mark.parametrize("endpoint", ENDPOINTS + WEB_ENDPOINTS, ids=str)
def test_commercial_authorization_matrix(endpoint: Endpoint, role: Role):
    check(endpoint, role)


MATRIX = Matrix(build_commercial_world, ENDPOINTS + WEB_ENDPOINTS)
