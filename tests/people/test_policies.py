"""The policy layer: who sees which people and teams, and default deny."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from tests.factories import TeamFactory, user_with
from twofold import policies
from twofold.people.choices import Role, TeamKind
from twofold.policies import Perm
from twofold.policies.base import RULES

pytestmark = pytest.mark.django_db

# Roles that see the active colleague directory (everyone but admins, agents and role-less users).
DIRECTORY_ROLES = [role for role in Role if role not in (Role.ADMIN, Role.AGENT)]


@pytest.fixture
def org():
    """A sales team with a lead, a seller and an agent; another team; a deactivated user."""
    lead = user_with(Role.SALES_LEAD, full_name="Lena Lead")
    seller = user_with(Role.BDM, full_name="Sam Seller")
    agent = user_with(Role.AGENT, full_name="Aldo Agent")
    colleague_agent = user_with(Role.AGENT, full_name="Cleo Agent")
    team = TeamFactory(name="Sales North", lead=lead, members=[seller, agent])
    other_lead = user_with(Role.ACCOUNT_EXECUTIVE, full_name="Otto Other")
    other_team = TeamFactory(
        name="Accounts",
        kind=TeamKind.ACCOUNT_MANAGEMENT,
        lead=other_lead,
        members=[user_with(Role.ACCOUNT_MANAGER, full_name="Amy Account")],
    )
    archived = TeamFactory(name="Old Sales", is_active=False, members=[seller])
    gone = user_with(Role.BDM, full_name="Gina Gone", is_active=False)
    return {
        "lead": lead,
        "seller": seller,
        "agent": agent,
        "colleague_agent": colleague_agent,
        "team": team,
        "other_lead": other_lead,
        "other_team": other_team,
        "archived": archived,
        "gone": gone,
    }


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}


# --- users_visible_to -----------------------------------------------------------------------


def test_an_admin_sees_everyone_including_deactivated_users(org, admin_user):
    from twofold.people.models import User

    visible = policies.users_visible_to(admin_user)

    assert names(visible) == names(User.objects.all())
    assert "Gina Gone" in names(visible)


@pytest.mark.parametrize("role", DIRECTORY_ROLES)
def test_a_colleague_sees_every_active_user_but_no_deactivated_one(org, role):
    from twofold.people.models import User

    actor = user_with(role)

    visible = policies.users_visible_to(actor)

    assert names(visible) == names(User.objects.filter(is_active=True))
    assert "Gina Gone" not in names(visible)


def test_an_agent_sees_only_themselves_and_the_lead_of_their_team(org):
    visible = policies.users_visible_to(org["agent"])

    assert names(visible) == {"Aldo Agent", "Lena Lead"}


def test_an_agent_in_no_team_sees_only_themselves(org):
    visible = policies.users_visible_to(org["colleague_agent"])

    assert names(visible) == {"Cleo Agent"}


def test_an_agent_who_is_also_a_seller_sees_the_directory(org):
    from twofold.people.models import User

    both = user_with(Role.AGENT, Role.BDM)

    assert names(policies.users_visible_to(both)) == names(User.objects.filter(is_active=True))


def test_a_user_with_no_roles_sees_only_themselves(org):
    newcomer = user_with(full_name="Nora New")

    assert names(policies.users_visible_to(newcomer)) == {"Nora New"}


def test_an_agent_in_two_teams_with_the_same_lead_sees_that_lead_once(org):
    TeamFactory(name="Sales South", lead=org["lead"], members=[org["agent"]])

    visible = list(policies.users_visible_to(org["agent"]))

    assert sorted(str(u) for u in visible) == ["Aldo Agent", "Lena Lead"]


# --- teams_visible_to -----------------------------------------------------------------------


def test_an_admin_sees_every_team_including_archived_ones(org, admin_user):
    assert names(policies.teams_visible_to(admin_user)) == {"Sales North", "Accounts", "Old Sales"}


@pytest.mark.parametrize("role", DIRECTORY_ROLES)
def test_a_colleague_sees_the_active_teams(org, role):
    actor = user_with(role)

    assert names(policies.teams_visible_to(actor)) == {"Sales North", "Accounts"}


def test_an_agent_sees_only_their_own_teams(org):
    assert names(policies.teams_visible_to(org["agent"])) == {"Sales North"}


def test_an_agent_in_no_team_sees_no_team(org):
    assert names(policies.teams_visible_to(org["colleague_agent"])) == set()


def test_a_user_with_no_roles_sees_no_team(org):
    newcomer = user_with()

    assert names(policies.teams_visible_to(newcomer)) == set()


# --- can and require ------------------------------------------------------------------------


MANAGE_PERMS = [Perm.USER_MANAGE, Perm.TEAM_MANAGE, Perm.HANDBOOK_EDIT]
EVERYONE_PERMS = [
    Perm.USER_LIST,
    Perm.TEAM_LIST,
    Perm.TOKEN_MANAGE_OWN,
    Perm.HANDBOOK_VIEW,
    Perm.API_DOCS,
]


@pytest.mark.parametrize("perm", MANAGE_PERMS)
def test_an_admin_may_manage(admin_user, perm):
    assert policies.can(admin_user, perm) is True


@pytest.mark.parametrize("perm", MANAGE_PERMS)
@pytest.mark.parametrize("role", [role for role in Role if role != Role.ADMIN])
def test_nobody_but_an_admin_may_manage(role, perm):
    assert policies.can(user_with(role), perm) is False


@pytest.mark.parametrize("perm", EVERYONE_PERMS)
@pytest.mark.parametrize("role", [*Role, None])
def test_every_signed_in_user_may_use_the_directory_tokens_and_docs(role, perm):
    actor = user_with(role) if role else user_with()

    assert policies.can(actor, perm) is True


def test_an_admin_and_the_user_themselves_may_read_a_users_history(org, admin_user):
    seller = org["seller"]

    assert policies.can(admin_user, Perm.USER_HISTORY, seller) is True
    assert policies.can(seller, Perm.USER_HISTORY, seller) is True
    assert policies.can(org["lead"], Perm.USER_HISTORY, seller) is False


def test_an_admin_and_the_team_lead_may_read_a_teams_history(org, admin_user):
    team = org["team"]

    assert policies.can(admin_user, Perm.TEAM_HISTORY, team) is True
    assert policies.can(org["lead"], Perm.TEAM_HISTORY, team) is True
    assert policies.can(org["seller"], Perm.TEAM_HISTORY, team) is False


def test_viewing_a_user_follows_visibility(org):
    assert policies.can(org["seller"], Perm.USER_VIEW, org["agent"]) is True
    assert policies.can(org["agent"], Perm.USER_VIEW, org["seller"]) is False
    assert policies.can(org["agent"], Perm.USER_VIEW, org["lead"]) is True


def test_viewing_a_team_follows_visibility(org):
    assert policies.can(org["agent"], Perm.TEAM_VIEW, org["team"]) is True
    assert policies.can(org["agent"], Perm.TEAM_VIEW, org["other_team"]) is False
    assert policies.can(org["seller"], Perm.TEAM_VIEW, org["archived"]) is False


def test_a_permission_without_a_rule_is_denied_even_to_an_admin(admin_user, monkeypatch):
    monkeypatch.delitem(RULES, Perm.USER_LIST)

    assert policies.can(admin_user, Perm.USER_LIST) is False


def test_every_permission_has_a_rule():
    assert set(Perm) - set(RULES) == set()


@pytest.mark.parametrize("perm", list(Perm))
def test_an_anonymous_actor_may_do_nothing(perm):
    assert policies.can(AnonymousUser(), perm) is False
    assert policies.can(None, perm) is False


@pytest.mark.parametrize("perm", list(Perm))
def test_a_deactivated_admin_may_do_nothing(perm):
    former_admin = user_with(Role.ADMIN, is_active=False)

    assert policies.can(former_admin, perm, former_admin) is False


def test_require_raises_permission_denied_when_refused():
    with pytest.raises(PermissionDenied, match=r"^You are not allowed to do this\.$"):
        policies.require(user_with(Role.BDM), Perm.USER_MANAGE)


def test_require_returns_quietly_when_allowed(admin_user):
    assert policies.require(admin_user, Perm.USER_MANAGE) is None
