"""The strategy's versions: listed with who and when, each readable, each compared with the
one before — for whoever sees the deal, and for nobody else."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from tests.factories import user_with
from tests.sales.factories import open_deal, sales_team
from twofold.people.choices import Role
from twofold.sales.selectors.strategy import strategy_diff, strategy_version, strategy_versions
from twofold.sales.services.strategy import deal_strategy_set

pytestmark = pytest.mark.django_db

TEXT = {
    "approach": "Sell to the COO, not IT.",
    "key_messages": "Uptime.",
    "risks": "Incumbent vendor.\nLong legal review.",
    "next_steps": "Workshop.",
}


@pytest.fixture
def revised():
    """A deal whose sales lead wrote the strategy, then revised its risks."""
    deal = open_deal()
    team = sales_team(deal.owner, lead=user_with(Role.SALES_LEAD, full_name="Sola Lead"))
    deal_strategy_set(actor=team.lead, opportunity=deal, **TEXT)
    deal_strategy_set(
        actor=team.lead,
        opportunity=deal,
        **(TEXT | {"risks": "Incumbent vendor.\nBudget freeze until March."}),
    )
    return deal


def test_each_save_of_the_strategy_is_a_numbered_version_with_its_author(revised):
    versions = strategy_versions(opportunity=revised)

    assert [(v.number, v.author) for v in versions] == [(1, "Sola Lead"), (2, "Sola Lead")]
    assert versions[0].texts["risks"] == "Incumbent vendor.\nLong legal review."


def test_a_version_is_compared_line_by_line_with_the_one_before(revised):
    version, previous = strategy_version(strategy_versions(opportunity=revised), 2)

    changed = [d for d in strategy_diff(version, previous) if d.changed]

    assert [d.label for d in changed] == ["Risks"]
    assert [(line.kind, line.text) for line in changed[0].lines] == [
        ("same", "Incumbent vendor."),
        ("removed", "Long legal review."),
        ("added", "Budget freeze until March."),
    ]


def test_the_first_version_shows_every_written_field_as_added(revised):
    version, previous = strategy_version(strategy_versions(opportunity=revised), 1)

    changed = strategy_diff(version, previous)

    assert previous is None
    assert all(d.changed for d in changed)
    assert {line.kind for d in changed for line in d.lines} == {"added"}


@pytest.mark.parametrize("number", [0, 3])
def test_a_version_that_does_not_exist_is_not_found(revised, number):
    with pytest.raises(Http404):
        strategy_version(strategy_versions(opportunity=revised), number)


def test_the_owner_reads_the_versions_list_and_a_version_with_its_changes(client, revised):
    client.force_login(revised.owner)

    listing = client.get(reverse("sales:strategy_versions", args=[revised.pk]))
    page = client.get(reverse("sales:strategy_version", args=[revised.pk, 2]))

    assert listing.status_code == 200
    assert listing.content.decode().count("Sola Lead") == 2
    body = page.content.decode()
    assert "Changes since version 1" in body
    assert "Budget freeze until March." in body
    assert '<li class="removed">Long legal review.</li>' in body


def test_the_deal_page_links_to_the_versions(client, revised):
    client.force_login(revised.owner)

    body = client.get(reverse("sales:opportunity_detail", args=[revised.pk])).content.decode()

    assert reverse("sales:strategy_versions", args=[revised.pk]) in body


def test_someone_who_cannot_see_the_deal_cannot_read_its_versions(client, revised):
    client.force_login(user_with(Role.BDM))

    listing = client.get(reverse("sales:strategy_versions", args=[revised.pk]))
    page = client.get(reverse("sales:strategy_version", args=[revised.pk, 1]))

    assert (listing.status_code, page.status_code) == (404, 404)
    assert b"Incumbent vendor" not in page.content


def test_a_deal_without_a_strategy_lists_no_versions(client):
    deal = open_deal()
    client.force_login(deal.owner)

    response = client.get(reverse("sales:strategy_versions", args=[deal.pk]))

    assert "No strategy has been written for this deal yet." in response.content.decode()


def test_the_versions_pages_take_the_same_queries_however_many_versions(
    client, revised, django_assert_num_queries
):
    client.force_login(revised.owner)
    urls = [
        reverse("sales:strategy_versions", args=[revised.pk]),
        reverse("sales:strategy_version", args=[revised.pk, 2]),
    ]
    client.get(urls[0])  # the session and the user are cached from here on
    with django_assert_num_queries(5) as few:
        client.get(urls[0])
    lead = revised.strategy.updated_by
    for n in range(5):
        deal_strategy_set(actor=lead, opportunity=revised, **(TEXT | {"next_steps": f"Step {n}"}))

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(urls[0])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(urls[1])
