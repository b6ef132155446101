"""The seller's home: tasks due today or overdue, deals with no next step, and the sales
lead's term approvals waiting."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.core.test_home import SALES_HOME_QUERY_BUDGET, SALES_LEAD_HOME_QUERY_BUDGET
from tests.factories import user_with
from tests.sales.factories import deal_for, open_deal, sales_team
from twofold.activities.services import activity_log
from twofold.people.choices import Role
from twofold.sales.models import Opportunity
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db


def _task(deal, subject, days):
    return activity_log(
        actor=None,
        owner=deal.owner,
        kind="task",
        subject=subject,
        due_on=timezone.localdate() + timedelta(days=days),
        opportunity=deal,
    )


def test_a_bdm_sees_overdue_and_todays_tasks_but_not_later_ones(client):
    deal = open_deal()
    _task(deal, "Overdue task", -2)
    _task(deal, "Today's task", 0)
    _task(deal, "Next week's task", 7)
    client.force_login(deal.owner)

    home = client.get(reverse("home")).context["home"]

    assert [t.subject for t in home.selling.tasks.overdue] == ["Overdue task"]
    assert [t.subject for t in home.selling.tasks.today] == ["Today's task"]


def test_deals_without_a_next_step_or_with_a_past_one_are_listed(client):
    bdm = user_with(Role.BDM)
    none = open_deal(bdm, name="No step")
    late = open_deal(bdm, name="Late step")
    fine = open_deal(bdm, name="Planned")
    yesterday = timezone.localdate() - timedelta(days=1)
    Opportunity.objects.filter(pk=late.pk).update(next_step="Demo", next_step_due=yesterday)
    Opportunity.objects.filter(pk=fine.pk).update(
        next_step="Demo", next_step_due=timezone.localdate()
    )
    client.force_login(bdm)

    response = client.get(reverse("home"))

    listed = {d.name for d in response.context["home"].selling.deals_without_next_step}
    assert listed == {none.name, late.name}
    assert reverse("sales:opportunity_detail", args=[none.pk]) in response.content.decode()


def test_at_most_ten_deals_without_a_next_step_are_listed(client):
    bdm = user_with(Role.BDM)
    for _ in range(12):
        open_deal(bdm)
    client.force_login(bdm)

    home = client.get(reverse("home")).context["home"]

    assert len(home.selling.deals_without_next_step) == 10


def test_an_account_manager_has_no_sellers_section(client):
    client.force_login(user_with(Role.ACCOUNT_MANAGER))

    assert client.get(reverse("home")).context["home"].selling is None


def test_the_sellers_home_costs_the_same_with_more_tasks_and_deals(client):
    deal = open_deal()
    client.force_login(deal.owner)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))

    for n in range(5):
        _task(open_deal(deal.owner), f"Task {n}", -n)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home"))

    assert len(large) == len(small) <= SALES_HOME_QUERY_BUDGET


def _terms_beyond_policy(deal):
    terms_propose(
        actor=None, opportunity=deal, discount_percent=Decimal(30), net_days=30, instalment_count=1
    )


def test_a_sales_lead_sees_the_terms_waiting_for_their_approval(client):
    team = sales_team(user_with(Role.BDM))
    deal = deal_for(team.memberships.get().user, name="Teammate's deal")
    other = deal_for(sales_team(user_with(Role.BDM)).memberships.get().user, name="Not my team")
    for d in (deal, other):
        _terms_beyond_policy(d)
    client.force_login(team.lead)

    response = client.get(reverse("home"))

    approvals = response.context["home"].selling.approvals
    assert [a.term_sheet.opportunity for a in approvals.oldest] == [deal]
    assert approvals.total == 1
    page = response.content.decode()
    assert reverse("sales:opportunity_detail", args=[deal.pk]) + "#terms" in page
    assert reverse("sales:approval_list") in page


def test_a_sales_lead_with_nothing_to_approve_is_told_so(client):
    lead = user_with(Role.SALES_LEAD)
    client.force_login(lead)

    page = client.get(reverse("home")).content.decode()

    assert "No terms wait for your approval." in page


def test_only_sellers_who_approve_terms_get_the_approvals_section(client):
    client.force_login(user_with(Role.BDM))

    assert client.get(reverse("home")).context["home"].selling.approvals is None


def test_the_home_lists_the_ten_oldest_approvals_and_counts_them_all(client):
    team = sales_team(user_with(Role.BDM))
    for _ in range(12):
        _terms_beyond_policy(deal_for(team.memberships.get().user))
    client.force_login(team.lead)

    approvals = client.get(reverse("home")).context["home"].selling.approvals

    assert (len(approvals.oldest), approvals.total) == (10, 12)


def test_the_sales_leads_home_costs_the_same_with_more_approvals_waiting(
    client, django_assert_num_queries
):
    team = sales_team(user_with(Role.BDM))
    seller = team.memberships.get().user
    _terms_beyond_policy(deal_for(seller))
    client.force_login(team.lead)
    client.get(reverse("home"))  # the session is warm, as for every later page

    with django_assert_num_queries(SALES_LEAD_HOME_QUERY_BUDGET):
        client.get(reverse("home"))
    for _ in range(5):
        _terms_beyond_policy(deal_for(seller))
    with django_assert_num_queries(SALES_LEAD_HOME_QUERY_BUDGET):
        client.get(reverse("home"))
