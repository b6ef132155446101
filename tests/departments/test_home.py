"""A department member's "My work": their and unassigned open requests, overdue first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.departments.world import Org, build_org, raise_request
from twofold.departments import services
from twofold.departments.models import InternalRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    return build_org()


def home_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/").content.decode()


def test_a_department_member_sees_open_requests_overdue_first(org):
    raise_request(org, title="Fresh one", priority="urgent")
    late = raise_request(org, title="Late one", priority="low")
    InternalRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))

    body = home_of(org.delivery)

    assert "Requests to work" in body
    assert body.index("Late one") < body.index("Fresh one")


def test_requests_taken_by_a_colleague_and_closed_ones_are_left_out(org):
    taken = raise_request(org, title="Lena's one")
    services.request_take(actor=org.delivery_lead, request=taken)
    closed = raise_request(org, title="Closed one")
    services.request_resolve(actor=org.delivery, request=closed, outcome="Done.")

    body = home_of(org.delivery)

    assert "Lena&#x27;s one" not in body
    assert "Closed one" not in body
    assert "Nothing open for you." in body


def test_an_account_manager_has_no_requests_section(org):
    raise_request(org)

    assert "Requests to work" not in home_of(org.am)
