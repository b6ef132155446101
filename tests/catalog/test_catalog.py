"""The catalog: admins manage products; the revenue team reads them with their tier ladder."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.factories import user_with
from tests.sales.factories import ProductFactory
from twofold.catalog.selectors import product_ladders, product_list
from twofold.catalog.services import product_create, product_update
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_product_with_its_family_and_tier(admin_user):
    product = product_create(
        actor=admin_user,
        code=" an-1 ",
        name="Analytics Starter",
        family="Analytics",
        tier=1,
        list_price=Decimal("990.00"),
    )

    assert (product.code, product.family, product.tier) == ("AN-1", "Analytics", 1)
    assert product.history.first().history_user == admin_user


def test_a_seller_may_not_add_products():
    with pytest.raises(PermissionDenied):
        product_create(
            actor=user_with(Role.BDM), code="X", name="X", family="F", list_price=Decimal(1)
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": ""}, "code"),
        ({"list_price": Decimal("-1")}, "list_price"),
        ({"tier": 0}, "tier"),
        ({"currency": "XYZ"}, "currency"),
    ],
)
def test_bad_products_name_their_field(values, field):
    good = {"code": "OK", "name": "Ok", "family": "F", "list_price": Decimal(1)}

    with pytest.raises(ValidationError) as refused:
        product_create(actor=None, **(good | values))

    assert field in refused.value.message_dict


def test_product_codes_are_unique_whatever_the_case():
    ProductFactory(code="AN-1")

    with pytest.raises(ValidationError) as refused:
        product_create(actor=None, code="an-1", name="Dup", family="F", list_price=Decimal(1))

    assert list(refused.value.message_dict) == ["code"]


def test_editing_a_product_keeps_its_code_free_for_itself(admin_user):
    product = ProductFactory(code="AN-1")

    product_update(
        actor=admin_user,
        product=product,
        code="AN-1",
        name="Renamed",
        family="Analytics",
        list_price=Decimal("5.00"),
        currency="EUR",
        kind="service",
        tier=2,
    )

    product.refresh_from_db()
    assert (product.name, product.tier) == ("Renamed", 2)


def test_the_ladder_groups_families_with_tiers_ascending():
    ProductFactory(family="Support", tier=2, name="Support Plus")
    ProductFactory(family="Analytics", tier=3, name="Analytics Enterprise")
    ProductFactory(family="Analytics", tier=1, name="Analytics Starter")
    products = list(product_list(actor=user_with(Role.ACCOUNT_MANAGER)))

    ladders = product_ladders(products)

    assert [(ladder.family, ladder.tiers) for ladder in ladders] == [
        ("Analytics", [1, 3]),
        ("Support", [2]),
    ]


def test_the_catalog_page_shows_the_ladder_in_constant_queries(django_assert_max_num_queries):
    user = user_with(Role.BDM)
    client = Client()
    client.force_login(user)
    for tier in range(1, 6):
        ProductFactory(family="Analytics", tier=tier)

    with django_assert_max_num_queries(12):
        body = client.get("/sales/products/").content.decode()

    assert "Tier ladder" in body
    assert body.count("<code>PRD-") == 5


def test_delivery_does_not_see_the_catalog():
    client = Client()
    client.force_login(user_with(Role.DEPARTMENT_MEMBER))

    assert client.get("/sales/products/").status_code == 403
