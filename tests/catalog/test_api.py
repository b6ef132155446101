"""The catalog's REST API: admins add and change products; the revenue team reads them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import user_with
from tests.sales.factories import ProductFactory
from twofold.catalog.models import Product
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

NEW = {"code": " an-1 ", "name": "Analytics Starter", "family": "Analytics", "list_price": "990"}


def test_an_admin_adds_a_product_through_the_api(api_as, admin_user):
    response = api_as(admin_user).post("/api/v1/products/", NEW, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["tier"], body["list_price"], body["currency"]) == (
        "AN-1",
        1,
        "990.00",
        "EUR",
    )
    assert Product.objects.get(pk=body["id"]).history.first().history_user == admin_user


def test_a_seller_reads_the_active_products_of_a_family(api_as):
    ProductFactory(code="AN-1", family="Analytics")
    ProductFactory(code="AN-OLD", family="Analytics", is_active=False)
    ProductFactory(code="SU-1", family="Support")

    response = api_as(user_with(Role.BDM)).get("/api/v1/products/?family=Analytics")

    assert [row["code"] for row in response.json()["results"]] == ["AN-1"]


def test_a_product_without_a_price_names_the_field(api_as, admin_user):
    response = api_as(admin_user).post("/api/v1/products/", NEW | {"list_price": ""}, format="json")

    assert response.status_code == 400
    assert "list_price" in response.json()["fields"]


def test_an_admin_changes_a_product_through_the_api(api_as, admin_user):
    product = ProductFactory(code="AN-1", list_price=Decimal("10.00"))

    response = api_as(admin_user).put(
        f"/api/v1/products/{product.pk}/", NEW | {"code": "AN-1", "tier": 2}, format="json"
    )

    assert response.status_code == 200, response.json()
    product.refresh_from_db()
    assert (product.tier, product.list_price) == (2, Decimal("990.00"))
