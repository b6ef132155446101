"""The client's voice: per-account feedback and the cross-account view weighted by revenue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accounts.factories import AccountFactory, cared_account, department_team
from tests.factories import user_with
from tests.sales.factories import CompanyFactory
from twofold.accounts.selectors.voice import VoiceFilters, client_voice
from twofold.accounts.services.voice import feedback_create, feedback_triage
from twofold.parties.models import Contact
from twofold.people.choices import Department, Role

pytestmark = pytest.mark.django_db


def _ask(actor, account, title, kind="product_change"):
    return feedback_create(actor=actor, account=account, kind=kind, title=title)


def test_client_voice_groups_requests_and_weighs_each_account_once():
    big, manager, executive = cared_account(annual_value=Decimal(1000))
    small = AccountFactory(relationship_owner=manager, annual_value=Decimal(10))
    _ask(manager, big, "SSO login")
    _ask(manager, big, "sso LOGIN")
    _ask(manager, small, "SSO login")
    _ask(manager, small, "Dark mode")

    page = client_voice(actor=executive, filters=VoiceFilters())

    assert [(g.title, g.accounts, g.requests, g.weight) for g in page.groups] == [
        ("SSO login", 2, 3, Decimal("1010.00")),
        ("Dark mode", 1, 1, Decimal("10.00")),
    ]


def test_client_voice_sorts_by_count_and_filters_by_kind():
    rich, manager, executive = cared_account(annual_value=Decimal(1000))
    others = [AccountFactory(relationship_owner=manager) for _ in range(2)]
    _ask(manager, rich, "Rich only")
    for account in others:
        _ask(manager, account, "Many ask")
    _ask(manager, rich, "Kind words", kind="feedback")

    page = client_voice(actor=executive, filters=VoiceFilters(sort="count", kind="product_change"))

    assert [g.title for g in page.groups] == ["Many ask", "Rich only"]


def test_product_sees_the_requests_but_not_the_names_of_accounts():
    account, manager, _ = cared_account(annual_value=Decimal(5))
    _ask(manager, account, "Export to CSV")
    product = user_with(Role.DEPARTMENT_MEMBER)
    department_team(Department.PRODUCT, product)

    page = client_voice(actor=product, filters=VoiceFilters())

    assert [(i.account_name, g.weight) for g in page.groups for i in g.items] == [
        (None, Decimal("5.00"))
    ]


def test_client_voice_costs_four_queries_whatever_the_rows(django_assert_max_num_queries):
    _account, manager, executive = cared_account()
    for n in range(5):
        _ask(manager, AccountFactory(relationship_owner=manager), f"Ask {n}")

    # The groups, their items, the actor's roles and their team's members (the account scope).
    with django_assert_max_num_queries(4):
        client_voice(actor=executive, filters=VoiceFilters())


def test_product_triages_a_request_with_a_response():
    account, manager, _ = cared_account()
    item = _ask(manager, account, "Export to CSV")
    product = user_with(Role.DEPARTMENT_MEMBER)
    department_team(Department.PRODUCT, product)

    item = feedback_triage(actor=product, feedback=item, status="planned", response="In Q3.")

    assert (item.status, item.response) == ("planned", "In Q3.")


def test_an_account_manager_may_not_triage():
    account, manager, _ = cared_account()
    item = _ask(manager, account, "Export to CSV")

    with pytest.raises(PermissionDenied):
        feedback_triage(actor=manager, feedback=item, status="done")


def test_declining_needs_a_response():
    account, manager, _ = cared_account()
    item = _ask(manager, account, "Export to CSV")

    with pytest.raises(ValidationError) as raised:
        feedback_triage(actor=user_with(Role.ADMIN), feedback=item, status="declined")

    assert raised.value.message_dict == {
        "response": ["Say why it is declined: the client will ask."]
    }


def test_a_contact_from_another_company_is_refused():
    account, manager, _ = cared_account()
    outsider = Contact.objects.create(company=CompanyFactory(), full_name="Olga Outside")

    with pytest.raises(ValidationError) as raised:
        feedback_create(
            actor=manager, account=account, kind="feedback", title="Hi", contact=outsider
        )

    assert raised.value.message_dict == {"contact": ["This person does not work at the client."]}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("²", 1), ("99999999999999999999999", 1), ("-3", 1), ("", 1), ("7", 7), ("999", 200)],
)
def test_the_page_number_reads_as_a_plain_number_from_1_to_200(raw, expected):
    # Not named "page": that is pytest-playwright's fixture, which would open a browser.
    assert VoiceFilters.parse({"page": raw}).page == expected
