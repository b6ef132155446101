"""An id too large for the database, given to a list filter, is ignored, never a server error."""

import pytest

from tests.factories import user_with
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

HUGE = "9" * 23  # past a 64-bit integer: SQLite and PostgreSQL both refuse it


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.SALES_LEAD, "/sales/deals/?owner={}"),
        (Role.SALES_LEAD, "/sales/deals/?stage={}"),
        (Role.SALES_LEAD, "/sales/deals/?pipeline={}"),
        (Role.SALES_LEAD, "/api/v1/opportunities/?owner={}"),
        (Role.SALES_LEAD, "/sales/leads/?owner={}"),
        (Role.SALES_LEAD, "/sales/meetings/?team={}"),
        (Role.SALES_LEAD, "/sales/reports/?team={}"),
        (Role.ADMIN, "/people/?team={}"),
        (Role.ADMIN, "/api/v1/users/?team={}"),
    ],
)
def test_a_huge_id_in_a_filter_is_ignored(client, role, path):
    client.force_login(user_with(role))

    response = client.get(path.format(HUGE))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/accounts/1/goals/{}/", "/accounts/1/budget/{}/", "/accounts/1/projects/{}/"]
)
def test_a_huge_id_in_an_account_tab_address_is_not_found(client, path):
    from tests.accounts.factories import cared_account

    account, manager, _ = cared_account()
    client.force_login(manager)

    response = client.get(path.replace("/1/", f"/{account.pk}/").format(HUGE))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    ["from=9999-12-30&to=9999-12-31", "from=0001-01-01&to=0001-12-31", "from=2026-02-30"],
)
def test_an_extreme_report_period_names_the_field_instead_of_a_server_error(client, query):
    client.force_login(user_with(Role.SALES_LEAD))

    response = client.get(f"/sales/reports/?{query}")

    assert response.status_code == 200
    assert response.context["form"].errors


def test_an_extreme_report_period_on_the_api_is_a_400_naming_the_field(client):
    client.force_login(user_with(Role.SALES_LEAD))

    response = client.get("/api/v1/reports/sales/?from=9999-12-30&to=9999-12-31")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"from", "to"}
