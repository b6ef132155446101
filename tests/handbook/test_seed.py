"""The first edition of the handbook, written by the data migration."""

from __future__ import annotations

import pytest

from twofold.handbook.models import RoleProfile, Side
from twofold.people.choices import ACCOUNT_ROLES, SALES_ROLES, Role

pytestmark = pytest.mark.django_db


def test_every_role_has_exactly_one_page():
    assert sorted(RoleProfile.objects.values_list("role", flat=True)) == sorted(Role.values)


@pytest.mark.parametrize("role", Role.values)
def test_every_page_lists_responsibilities_and_skills(role):
    profile = RoleProfile.objects.get(role=role)
    assert profile.responsibility_list
    assert profile.skill_list


@pytest.mark.parametrize(
    ("roles", "side"),
    [(SALES_ROLES, Side.SALES), (ACCOUNT_ROLES, Side.ACCOUNTS)],
)
def test_each_page_sits_on_the_side_of_its_role(roles, side):
    sides = set(RoleProfile.objects.filter(role__in=roles).values_list("side", flat=True))
    assert sides == {side}


def test_department_members_and_admins_support_the_revenue_team():
    sides = set(
        RoleProfile.objects.filter(role__in=[Role.DEPARTMENT_MEMBER, Role.ADMIN]).values_list(
            "side", flat=True
        )
    )
    assert sides == {Side.SUPPORTING}


def test_the_account_manager_page_lists_the_account_management_skills():
    profile = RoleProfile.objects.get(role=Role.ACCOUNT_MANAGER)
    assert profile.skill_list == [
        "Multitasking",
        "Clear spoken and written communication",
        "Attention to detail",
        "Emotional intelligence",
        "Empathy",
        "Strategic thinking",
        "Good listening",
        "Problem-solving",
    ]


def test_the_first_edition_is_recorded_in_the_history():
    profile = RoleProfile.objects.get(role=Role.BDM)
    first = profile.history.get()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+",
        None,
        "First edition",
    )
