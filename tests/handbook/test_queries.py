"""Query budgets: the handbook's pages cost the same however often they have been edited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from twofold.handbook import services
from twofold.handbook.models import RoleProfile
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_often(admin_user):
    profile = RoleProfile.objects.get(role=Role.ACCOUNT_MANAGER)
    for n in range(5):
        services.role_profile_update(
            actor=admin_user,
            profile=profile,
            title=f"Account manager {n}",
            summary=profile.summary,
            works_on=profile.works_on,
            responsibilities=profile.responsibilities,
            skills=profile.skills,
            may=profile.may,
            may_not=profile.may_not,
        )
    return profile


@pytest.mark.parametrize(
    "name", ["handbook:index", "handbook:compare", "api:v1:handbook-role-list"]
)
def test_a_list_of_every_role_stays_within_its_query_budget(
    client, bdm, django_assert_max_num_queries, name
):
    client.force_login(bdm)

    # session, user, the actor's roles (the menu shows what they may use), the pages
    with django_assert_max_num_queries(4):
        response = client.get(reverse(name))

    assert response.status_code == 200


def test_the_role_page_for_an_admin_stays_within_its_query_budget(
    client, admin_user, edited_often, django_assert_max_num_queries
):
    client.force_login(admin_user)

    # session, user, page, the admin's roles (to show the edit button), the page's history
    with django_assert_max_num_queries(5):
        response = client.get(reverse("handbook:role", kwargs={"role": edited_often.role}))

    assert len(response.context["entries"]) == 6
