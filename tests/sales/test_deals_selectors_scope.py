"""The owner list that board totals use sees exactly the deals the row scope sees."""

import pytest

from tests.factories import TeamFactory, user_with
from twofold import policies
from twofold.people.choices import Role, TeamKind
from twofold.sales.models import Opportunity

pytestmark = pytest.mark.django_db


def _deal_owners_in_scope(actor):
    return set(policies.opportunities_visible_to(actor).values_list("owner_id", flat=True))


@pytest.mark.parametrize("role", list(Role))
def test_the_visible_owners_match_the_visible_deals(role):
    from tests.sales.factories import open_deal

    actor = user_with(role)
    colleague, stranger = user_with(Role.BDM), user_with(Role.BDM)
    sellers = {Role.BDM, Role.LEAD_GENERATOR, Role.SALES_LEAD, Role.AGENT}
    TeamFactory(kind=TeamKind.SALES, members=[colleague, *([actor] if role in sellers else [])])
    for owner in (colleague, stranger):
        open_deal(owner=owner)
    if role in {Role.BDM, Role.AGENT, Role.SALES_LEAD}:
        open_deal(owner=actor)

    owners = policies.opportunity_owner_ids_visible_to(actor)

    expected = _deal_owners_in_scope(actor)
    if owners is None:
        assert expected == set(Opportunity.objects.values_list("owner_id", flat=True))
    else:
        in_list = Opportunity.objects.filter(owner_id__in=owners)
        assert set(in_list.values_list("owner_id", flat=True)) == expected
