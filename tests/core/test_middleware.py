"""Requests carrying NUL bytes get a 400, never a database error."""

import pytest

from tests.factories import user_with
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/people/?q=%00", "/sales/leads/?q=a%00b", "/api/v1/users/?search=%00"]
)
def test_a_nul_byte_in_a_filter_is_a_bad_request(client, url):
    client.force_login(user_with(Role.ADMIN))

    response = client.get(url)

    assert response.status_code == 400


def test_a_normal_filter_still_works(client):
    client.force_login(user_with(Role.ADMIN))

    assert client.get("/people/?q=ada").status_code == 200
