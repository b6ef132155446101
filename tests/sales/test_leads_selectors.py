"""The lead list: keyset pages, sorting, search, filters and who sees what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.factories import TeamFactory, user_with
from tests.sales.factories import LeadFactory
from twofold.people.choices import Role
from twofold.sales.choices import LeadStatus
from twofold.sales.selectors import leads as selectors
from twofold.sales.selectors.leads import LeadFilters

pytestmark = pytest.mark.django_db


def names(page):
    return [lead.full_name for lead in page.leads]


def make(count, owner=None, **kwargs):
    start = timezone.now() - timedelta(days=1)
    return [
        LeadFactory(
            full_name=f"Lead {i}", owner=owner, created_at=start + timedelta(minutes=i), **kwargs
        )
        for i in range(count)
    ]


def test_pages_go_newest_first_and_forward_and_back_by_keyset(admin_user):
    make(7)

    first = selectors.lead_list(actor=admin_user, page_size=3)
    second = selectors.lead_list(actor=admin_user, after=first.next_cursor, page_size=3)
    third = selectors.lead_list(actor=admin_user, after=second.next_cursor, page_size=3)
    back = selectors.lead_list(actor=admin_user, before=third.previous_cursor, page_size=3)

    assert names(first) == ["Lead 6", "Lead 5", "Lead 4"]
    assert names(second) == ["Lead 3", "Lead 2", "Lead 1"]
    assert names(third) == ["Lead 0"]
    assert names(back) == names(second)
    assert (first.previous_cursor, third.next_cursor) == (None, None)


def test_leads_created_at_the_same_moment_are_neither_lost_nor_repeated(admin_user):
    moment = timezone.now()
    for i in range(5):
        LeadFactory(full_name=f"Twin {i}", created_at=moment)

    seen, cursor = [], ""
    while True:
        page = selectors.lead_list(actor=admin_user, after=cursor, page_size=2)
        seen += names(page)
        if not page.next_cursor:
            break
        cursor = page.next_cursor

    assert sorted(seen) == [f"Twin {i}" for i in range(5)]


def test_a_malformed_cursor_shows_the_first_page(admin_user):
    make(2)

    page = selectors.lead_list(actor=admin_user, after="%%%not-a-cursor")

    assert names(page) == ["Lead 1", "Lead 0"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("name", ["alma", "Bert", "carl"]), ("company", ["carl", "alma", "Bert"])],
)
def test_sorting_by_name_or_company_ignores_case(admin_user, sort, expected):
    LeadFactory(full_name="Bert", company_name="zeta")
    LeadFactory(full_name="alma", company_name="Beta")
    LeadFactory(full_name="carl", company_name="alpha")

    page = selectors.lead_list(actor=admin_user, filters=LeadFilters(sort=sort))

    assert names(page) == expected


def test_sorted_pages_continue_by_keyset(admin_user):
    for name in ["d", "a", "c", "b", "e"]:
        LeadFactory(full_name=name)

    first = selectors.lead_list(actor=admin_user, filters=LeadFilters(sort="name"), page_size=2)
    second = selectors.lead_list(
        actor=admin_user, filters=LeadFilters(sort="name"), after=first.next_cursor, page_size=2
    )

    assert (names(first), names(second)) == (["a", "b"], ["c", "d"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nin", ["Nina Buyer"]),
        ("ACME", ["Nina Buyer", "Otto Other"]),
        ("otto@", ["Otto Other"]),
        ("acme.com", ["Nina Buyer"]),
        ("uyer", ["Nina Buyer"]),
        ("two", ["Otto Other"]),
    ],
)
def test_search_matches_words_inside_name_company_or_email_or_a_domain(admin_user, query, expected):
    LeadFactory(full_name="Nina Buyer", email="nina@acme.com", company_name="Acme GmbH")
    LeadFactory(full_name="Otto Other", email="otto@acmeish.io", company_name="Acme Two")
    LeadFactory(full_name="Zed", email="zed@zeta.io", company_name="Zeta")

    page = selectors.lead_list(actor=admin_user, filters=LeadFilters(q=query, sort="name"))

    assert names(page) == expected


def test_filters_combine(admin_user):
    sdr = user_with(Role.LEAD_GENERATOR)
    LeadFactory(
        full_name="Match", owner=sdr, status=LeadStatus.WORKING, region="DACH", industry="Retail"
    )
    LeadFactory(full_name="Other region", owner=sdr, status=LeadStatus.WORKING, region="Nordics")
    LeadFactory(full_name="Unassigned", status=LeadStatus.WORKING, region="DACH")

    page = selectors.lead_list(
        actor=admin_user,
        filters=LeadFilters(status="working", owner=str(sdr.pk), region="dach", industry="retail"),
    )
    unassigned = selectors.lead_list(actor=admin_user, filters=LeadFilters(owner="none"))

    assert (names(page), names(unassigned)) == (["Match"], ["Unassigned"])


def test_sales_staff_see_their_teams_and_unassigned_leads_not_other_teams():
    sdr = user_with(Role.LEAD_GENERATOR)
    colleague = user_with(Role.LEAD_GENERATOR)
    stranger = user_with(Role.LEAD_GENERATOR)
    TeamFactory(members=[sdr, colleague])
    TeamFactory(members=[stranger])
    LeadFactory(full_name="Mine", owner=sdr)
    LeadFactory(full_name="Colleague's", owner=colleague)
    LeadFactory(full_name="Nobody's", owner=None)
    hidden = LeadFactory(full_name="Stranger's", owner=stranger)

    page = selectors.lead_list(actor=sdr, filters=LeadFilters(sort="name"))

    assert names(page) == ["Colleague's", "Mine", "Nobody's"]
    with pytest.raises(Http404):
        selectors.lead_get_for_actor(actor=sdr, pk=hidden.pk)


def test_agents_see_only_their_own_leads():
    agent = user_with(Role.AGENT)
    LeadFactory(full_name="Mine", owner=agent)
    LeadFactory(full_name="Nobody's", owner=None)

    assert names(selectors.lead_list(actor=agent)) == ["Mine"]


@pytest.mark.parametrize("role", [Role.ACCOUNT_MANAGER, Role.DEPARTMENT_MEMBER])
def test_account_management_and_departments_see_no_leads(role):
    lead = LeadFactory(owner=None)
    actor = user_with(role)

    with pytest.raises(PermissionDenied):
        selectors.lead_list(actor=actor)
    with pytest.raises(Http404):
        selectors.lead_get_for_actor(actor=actor, pk=lead.pk)


@pytest.mark.parametrize("rows", [3, 30])
def test_a_page_is_two_queries_whatever_the_number_of_rows(
    admin_user, django_assert_num_queries, rows
):
    sdr = user_with(Role.LEAD_GENERATOR)
    make(rows, owner=sdr)
    admin_user.roles  # noqa: B018 - roles are read once per request, before the page

    with django_assert_num_queries(2):  # the page, and the count (capped)
        page = selectors.lead_list(actor=admin_user, page_size=20)
        [lead.owner.full_name for lead in page.leads]
