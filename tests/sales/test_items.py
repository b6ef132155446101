"""Line items: price defaults, per-item discount, totals in cents, the deal's amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import user_with
from tests.sales.factories import ProductFactory, commercial_snapshot, deal_for, sales_team
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityEventType
from twofold.sales.models import LineItem, OpportunityEvent
from twofold.sales.services.items import line_item_add, line_item_remove, line_item_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal():
    return deal_for(amount=Decimal("0.00"))


def test_the_unit_price_defaults_to_the_list_price(deal):
    product = ProductFactory(list_price=Decimal("1200.00"))

    item = line_item_add(actor=deal.owner, opportunity=deal, product=product)

    assert item.unit_price == Decimal("1200.00")
    assert item.total == Decimal("1200.00")


def test_a_line_total_is_quantity_times_price_less_discount_rounded_to_cents(deal):
    product = ProductFactory(list_price=Decimal("99.99"))

    item = line_item_add(
        actor=deal.owner,
        opportunity=deal,
        product=product,
        quantity=Decimal("3"),
        discount_percent=Decimal("12.5"),
    )

    # 3 x 99.99 x 0.875 = 262.47375
    assert item.total == Decimal("262.47")


def test_the_deal_amount_is_the_sum_of_its_items(deal):
    line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory(), quantity=2)
    line_item_add(
        actor=deal.owner,
        opportunity=deal,
        product=ProductFactory(),
        unit_price=Decimal("250.50"),
    )

    deal.refresh_from_db()
    assert deal.amount == Decimal("2250.50")


def test_changing_and_removing_items_recompute_the_amount(deal):
    item = line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory())
    other = line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory())

    line_item_update(
        actor=deal.owner,
        item=item,
        quantity=Decimal("2"),
        unit_price=Decimal("100.00"),
        discount_percent=Decimal("50"),
    )
    line_item_remove(actor=deal.owner, item=other)

    deal.refresh_from_db()
    assert deal.amount == Decimal("100.00")
    assert list(LineItem.objects.filter(opportunity=deal)) == [item]


def test_an_amount_change_is_an_event(deal):
    line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory())

    event = OpportunityEvent.objects.get(opportunity=deal, type=OpportunityEventType.AMOUNT_CHANGED)
    assert event.data == {
        "from": "0.00",
        "to": "1000.00",
        "from_currency": "EUR",
        "currency": "EUR",
        "by": "line items",
    }
    assert event.actor == deal.owner


def test_a_product_in_another_currency_is_refused_and_nothing_is_written(deal):
    before = commercial_snapshot()

    with pytest.raises(ValidationError) as refused:
        line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory(currency="USD"))

    assert "product" in refused.value.message_dict
    after = commercial_snapshot()
    assert {k: v for k, v in after.items() if not k.startswith("Product")} == {
        k: v for k, v in before.items() if not k.startswith("Product")
    }


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("quantity", {"quantity": Decimal("0")}),
        ("quantity", {"quantity": Decimal("-1")}),
        ("unit_price", {"unit_price": Decimal("-5")}),
        ("discount_percent", {"discount_percent": Decimal("101")}),
    ],
)
def test_bad_numbers_name_their_field(deal, field, values):
    with pytest.raises(ValidationError) as refused:
        line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory(), **values)

    assert list(refused.value.message_dict) == [field]
    assert LineItem.objects.count() == 0


def test_a_colleague_who_does_not_own_the_deal_may_not_add_items(deal):
    colleague = user_with(Role.BDM)
    sales_team(deal.owner, colleague)

    with pytest.raises(PermissionDenied):
        line_item_add(actor=colleague, opportunity=deal, product=ProductFactory())


def test_the_owners_sales_lead_may_add_items(deal):
    team = sales_team(deal.owner)

    item = line_item_add(actor=team.lead, opportunity=deal, product=ProductFactory())

    assert item.opportunity_id == deal.pk


def test_items_do_not_change_on_a_closed_deal():
    deal = deal_for(status="lost")

    with pytest.raises(ValidationError) as refused:
        line_item_add(actor=deal.owner, opportunity=deal, product=ProductFactory())

    assert refused.value.code == "deal_closed"
