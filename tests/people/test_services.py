"""The people services: every write and every rule that guards it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client

from tests.factories import PASSWORD, TeamFactory, user_with
from twofold.people import access, services
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import ApiToken, RoleAssignment, Team, TeamMembership, User

pytestmark = pytest.mark.django_db

NON_ADMIN_ROLES = [role for role in Role if role != Role.ADMIN]

# kind, department, the role a lead needs, a role that may not lead it
LEAD_RULES = [
    (TeamKind.SALES, "", Role.SALES_LEAD, Role.BDM),
    (TeamKind.ACCOUNT_MANAGEMENT, "", Role.ACCOUNT_EXECUTIVE, Role.ACCOUNT_MANAGER),
    (TeamKind.DEPARTMENT, Department.SUPPORT, Role.DEPARTMENT_MEMBER, Role.SALES_LEAD),
]
# kind, department, a role that fits its members, a role that does not
MEMBER_RULES = [
    (TeamKind.SALES, "", Role.BDM, Role.ACCOUNT_MANAGER),
    (TeamKind.ACCOUNT_MANAGEMENT, "", Role.ACCOUNT_MANAGER, Role.BDM),
    (TeamKind.DEPARTMENT, Department.FINANCE, Role.DEPARTMENT_MEMBER, Role.KEY_ACCOUNT_MANAGER),
]


def error_fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


# --- user_create ----------------------------------------------------------------------------


def test_creating_a_user_trims_the_email_and_keeps_its_case(admin_user):
    user = services.user_create(actor=admin_user, email="  New.Person@Example.TEST ", full_name="N")

    user.refresh_from_db()
    assert user.email == "New.Person@Example.TEST"


def test_creating_a_user_gives_them_their_roles_and_teams(admin_user):
    team = TeamFactory(name="Sales North")

    user = services.user_create(
        actor=admin_user,
        email="n@example.test",
        full_name="New Person",
        roles=[Role.BDM, Role.LEAD_GENERATOR],
        teams=[team],
    )

    assert set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == {
        Role.BDM,
        Role.LEAD_GENERATOR,
    }
    assert list(TeamMembership.objects.filter(user=user).values_list("team__name", flat=True)) == [
        "Sales North"
    ]


def test_a_user_created_without_a_password_cannot_sign_in_until_invited(admin_user):
    user = services.user_create(actor=admin_user, email="n@example.test", full_name="New Person")

    assert user.has_usable_password() is False


def test_a_user_created_with_a_password_can_sign_in_with_it(admin_user):
    user = services.user_create(
        actor=admin_user, email="n@example.test", full_name="New Person", password=PASSWORD
    )

    assert user.check_password(PASSWORD) is True


def test_a_weak_password_is_refused_naming_password(admin_user, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_create(
            actor=admin_user, email="n@example.test", full_name="New Person", password="123"
        )

    assert error_fields(excinfo) == {"password"}
    assert snapshot() == before


@pytest.mark.parametrize(
    "spelling", ["taken@example.test", "TAKEN@Example.Test", " Taken@example.test"]
)
def test_an_email_already_in_use_is_refused_whatever_its_case(admin_user, snapshot, spelling):
    user_with(Role.BDM, email="taken@example.test")
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_create(actor=admin_user, email=spelling, full_name="Copy")

    assert error_fields(excinfo) == {"email"}
    assert excinfo.value.message_dict["email"] == ["A user with this e-mail already exists."]
    assert snapshot() == before


@pytest.mark.parametrize("email", ["", "not-an-email", "two@@example.test"])
def test_an_invalid_email_is_refused_naming_email(admin_user, email):
    with pytest.raises(ValidationError) as excinfo:
        services.user_create(actor=admin_user, email=email, full_name="X")

    assert error_fields(excinfo) == {"email"}
    assert User.objects.count() == 1


def test_an_empty_name_is_refused_naming_full_name(admin_user):
    with pytest.raises(ValidationError) as excinfo:
        services.user_create(actor=admin_user, email="n@example.test", full_name="   ")

    assert error_fields(excinfo) == {"full_name"}


def test_an_unknown_role_is_refused_and_nothing_is_written(admin_user, snapshot):
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_create(
            actor=admin_user, email="n@example.test", full_name="N", roles=[Role.BDM, "wizard"]
        )

    assert excinfo.value.message_dict == {"roles": ["Unknown role: wizard."]}
    assert snapshot() == before


@pytest.mark.parametrize(("kind", "department", "fits", "misfits"), MEMBER_RULES)
def test_a_new_user_cannot_join_a_team_their_roles_do_not_fit(
    admin_user, snapshot, kind, department, fits, misfits
):
    team = TeamFactory(kind=kind, department=department)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_create(
            actor=admin_user, email="n@example.test", full_name="N", roles=[misfits], teams=[team]
        )

    assert error_fields(excinfo) == {"teams"}
    assert snapshot() == before


# --- user_update and user_change ------------------------------------------------------------


def test_updating_a_user_changes_their_details(admin_user):
    user = user_with(Role.BDM, full_name="Old Name", email="old@example.test")

    services.user_update(
        actor=admin_user,
        user=user,
        full_name=" New Name ",
        email="New@Example.test",
        job_title="Seller",
        phone="+1 555",
    )

    user.refresh_from_db()
    assert (user.full_name, user.email, user.job_title, user.phone) == (
        "New Name",
        "New@Example.test",
        "Seller",
        "+1 555",
    )


def test_updating_a_user_to_a_colleagues_email_in_other_case_is_refused(admin_user):
    user_with(Role.BDM, email="taken@example.test")
    user = user_with(Role.BDM, email="mine@example.test")

    with pytest.raises(ValidationError) as excinfo:
        services.user_update(
            actor=admin_user, user=user, full_name="Me", email="TAKEN@example.test"
        )

    assert error_fields(excinfo) == {"email"}
    user.refresh_from_db()
    assert user.email == "mine@example.test"


def test_a_user_may_keep_their_own_email_in_another_case_stored_as_typed(admin_user):
    user = user_with(Role.BDM, email="mine@example.test")

    services.user_update(actor=admin_user, user=user, full_name="Me", email="MINE@example.test")

    user.refresh_from_db()
    assert user.email == "MINE@example.test"


def test_changing_details_roles_and_teams_together_saves_all_of_them(admin_user):
    user = user_with(Role.BDM, full_name="Old Name")
    team = TeamFactory(name="Sales South")

    services.user_change(
        actor=admin_user,
        user=user,
        full_name="New Name",
        email=user.email,
        roles=[Role.BDM, Role.LEAD_GENERATOR],
        teams=[team],
    )

    user.refresh_from_db()
    assert user.full_name == "New Name"
    assert set(user.role_assignments.values_list("role", flat=True)) == {
        Role.BDM,
        Role.LEAD_GENERATOR,
    }
    assert list(user.teams.values_list("name", flat=True)) == ["Sales South"]


def test_changing_a_user_with_a_team_that_does_not_fit_changes_nothing(admin_user, snapshot):
    user = user_with(Role.BDM, full_name="Old Name")
    account_team = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_change(
            actor=admin_user,
            user=user,
            full_name="New Name",
            email=user.email,
            roles=[Role.BDM, Role.LEAD_GENERATOR],
            teams=[account_team],
        )

    assert error_fields(excinfo) == {"teams"}
    user.refresh_from_db()
    assert user.full_name == "Old Name"
    assert set(user.role_assignments.values_list("role", flat=True)) == {Role.BDM}
    assert snapshot() == before


def test_moving_a_seller_to_account_management_in_one_change_is_accepted(admin_user):
    # Given a BDM in a sales team
    sales = TeamFactory(kind=TeamKind.SALES)
    account_team = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)
    user = user_with(Role.BDM)
    TeamMembership.objects.create(team=sales, user=user)

    # When the admin makes them an account manager in an account-management team at once
    services.user_change(
        actor=admin_user,
        user=user,
        full_name=user.full_name,
        email=user.email,
        roles=[Role.ACCOUNT_MANAGER],
        teams=[account_team],
    )

    # Then the end state, which breaks no rule, is saved
    assert set(user.role_assignments.values_list("role", flat=True)) == {Role.ACCOUNT_MANAGER}
    assert list(user.teams.all()) == [account_team]


# --- user_set_roles -------------------------------------------------------------------------


def test_setting_roles_gives_and_removes_exactly_the_difference(admin_user):
    user = user_with(Role.BDM, Role.LEAD_GENERATOR)
    kept = RoleAssignment.objects.get(user=user, role=Role.BDM)

    services.user_set_roles(actor=admin_user, user=user, roles=[Role.BDM, Role.SALES_LEAD])

    assert set(user.role_assignments.values_list("role", flat=True)) == {
        Role.BDM,
        Role.SALES_LEAD,
    }
    assert RoleAssignment.objects.get(user=user, role=Role.BDM).pk == kept.pk
    assert user.roles == {Role.BDM, Role.SALES_LEAD}


@pytest.mark.parametrize(("kind", "department", "lead_role", "other_role"), LEAD_RULES)
def test_a_team_lead_cannot_lose_the_role_their_team_needs(
    admin_user, snapshot, kind, department, lead_role, other_role
):
    lead = user_with(lead_role, other_role)
    TeamFactory(kind=kind, department=department, lead=lead, name="Led Team")
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_set_roles(actor=admin_user, user=lead, roles=[other_role])

    assert error_fields(excinfo) == {"roles"}
    assert "Led Team" in excinfo.value.message_dict["roles"][0]
    assert snapshot() == before


def test_the_lead_of_an_archived_team_may_lose_the_lead_role(admin_user):
    lead = user_with(Role.SALES_LEAD, Role.BDM)
    TeamFactory(kind=TeamKind.SALES, lead=lead, is_active=False)

    services.user_set_roles(actor=admin_user, user=lead, roles=[Role.BDM])

    assert set(lead.role_assignments.values_list("role", flat=True)) == {Role.BDM}


@pytest.mark.parametrize(("kind", "department", "fits", "misfits"), MEMBER_RULES)
def test_a_member_cannot_lose_the_role_their_team_needs(
    admin_user, snapshot, kind, department, fits, misfits
):
    member = user_with(fits)
    TeamFactory(kind=kind, department=department, members=[member], name="Member Team")
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_set_roles(actor=admin_user, user=member, roles=[misfits])

    assert error_fields(excinfo) == {"roles"}
    assert "Member Team" in excinfo.value.message_dict["roles"][0]
    assert snapshot() == before


def test_a_member_may_swap_to_another_role_that_still_fits_their_team(admin_user):
    member = user_with(Role.BDM)
    TeamFactory(kind=TeamKind.SALES, members=[member])

    services.user_set_roles(actor=admin_user, user=member, roles=[Role.LEAD_GENERATOR])

    assert set(member.role_assignments.values_list("role", flat=True)) == {Role.LEAD_GENERATOR}


def test_the_last_active_admin_cannot_lose_the_admin_role(snapshot):
    only_admin = user_with(Role.ADMIN)
    user_with(Role.ADMIN, is_active=False)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_set_roles(actor=None, user=only_admin, roles=[Role.BDM])

    assert excinfo.value.message_dict == {"roles": ["Twofold needs at least one active admin."]}
    assert snapshot() == before


def test_an_admin_may_lose_the_admin_role_while_another_active_admin_remains(admin_user):
    other = user_with(Role.ADMIN)

    services.user_set_roles(actor=admin_user, user=other, roles=[Role.BDM])

    assert set(other.role_assignments.values_list("role", flat=True)) == {Role.BDM}


# --- user_set_teams -------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "department", "fits", "misfits"), MEMBER_RULES)
def test_a_user_cannot_join_a_team_their_roles_do_not_fit(
    admin_user, snapshot, kind, department, fits, misfits
):
    user = user_with(misfits)
    team = TeamFactory(kind=kind, department=department)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_set_teams(actor=admin_user, user=user, teams=[team])

    assert error_fields(excinfo) == {"teams"}
    assert snapshot() == before


@pytest.mark.parametrize(("kind", "department", "fits", "misfits"), MEMBER_RULES)
def test_a_user_joins_a_team_their_roles_fit(admin_user, kind, department, fits, misfits):
    user = user_with(fits)
    team = TeamFactory(kind=kind, department=department)

    services.user_set_teams(actor=admin_user, user=user, teams=[team])

    assert list(user.teams.all()) == [team]


def test_setting_teams_leaves_the_teams_not_listed(admin_user):
    user = user_with(Role.BDM)
    old, kept, new = TeamFactory(name="Old"), TeamFactory(name="Kept"), TeamFactory(name="New")
    TeamMembership.objects.create(team=old, user=user)
    TeamMembership.objects.create(team=kept, user=user)

    services.user_set_teams(actor=admin_user, user=user, teams=[kept, new])

    assert sorted(user.teams.values_list("name", flat=True)) == ["Kept", "New"]


# --- user_deactivate and user_reactivate ----------------------------------------------------


def test_deactivating_a_user_keeps_the_row_and_stops_them(admin_user):
    user = user_with(Role.BDM)

    services.user_deactivate(actor=admin_user, user=user, reason="Left the company")

    user.refresh_from_db()
    assert user.is_active is False
    assert user.deactivated_at is not None
    assert User.objects.filter(pk=user.pk).exists()


def test_deactivating_yourself_is_refused(admin_user, snapshot):
    user_with(Role.ADMIN)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_deactivate(actor=admin_user, user=admin_user)

    assert excinfo.value.code == "self_deactivation"
    admin_user.refresh_from_db()
    assert admin_user.is_active is True
    assert snapshot() == before


def test_deactivating_the_last_active_admin_is_refused(snapshot):
    only_admin = user_with(Role.ADMIN)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_deactivate(actor=None, user=only_admin)

    assert excinfo.value.message_dict == {"roles": ["Twofold needs at least one active admin."]}
    only_admin.refresh_from_db()
    assert only_admin.is_active is True
    assert snapshot() == before


def test_deactivating_an_admin_while_another_remains_is_accepted(admin_user):
    other = user_with(Role.ADMIN)

    services.user_deactivate(actor=admin_user, user=other)

    other.refresh_from_db()
    assert other.is_active is False


@pytest.mark.parametrize(("kind", "department", "lead_role", "other_role"), LEAD_RULES)
def test_deactivating_a_team_lead_is_refused(
    admin_user, snapshot, kind, department, lead_role, other_role
):
    lead = user_with(lead_role)
    TeamFactory(kind=kind, department=department, lead=lead, name="Led Team")
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.user_deactivate(actor=admin_user, user=lead)

    assert excinfo.value.code == "leads_team"
    assert "Led Team" in excinfo.value.messages[0]
    lead.refresh_from_db()
    assert lead.is_active is True
    assert snapshot() == before


def test_deactivating_a_user_revokes_their_api_tokens(admin_user):
    user = user_with(Role.BDM)
    first = access.api_token_create(actor=user, user=user, name="first").token
    second = access.api_token_create(actor=user, user=user, name="second").token

    services.user_deactivate(actor=admin_user, user=user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is not None
    assert ApiToken.objects.filter(user=user).count() == 2


def test_deactivation_records_the_token_revocation_against_the_deactivating_admin(admin_user):
    user = user_with(Role.BDM)
    token = access.api_token_create(actor=user, user=user, name="script").token

    services.user_deactivate(actor=admin_user, user=user)

    record = token.history.latest("history_date")
    assert record.history_change_reason == "Owner deactivated"
    assert record.history_user == admin_user


def test_deactivating_twice_changes_nothing_the_second_time(admin_user, snapshot):
    user = user_with(Role.BDM)
    services.user_deactivate(actor=admin_user, user=user)
    first_deactivated_at = User.objects.get(pk=user.pk).deactivated_at
    before = snapshot()

    services.user_deactivate(actor=admin_user, user=user)

    user.refresh_from_db()
    assert user.deactivated_at == first_deactivated_at
    assert snapshot() == before


def test_reactivating_a_user_lets_them_in_again_but_keeps_their_tokens_revoked(admin_user):
    user = user_with(Role.BDM)
    token = access.api_token_create(actor=user, user=user, name="script").token
    services.user_deactivate(actor=admin_user, user=user)

    services.user_reactivate(actor=admin_user, user=user)

    user.refresh_from_db()
    token.refresh_from_db()
    assert (user.is_active, user.deactivated_at) == (True, None)
    assert token.revoked_at is not None


def test_reactivating_an_active_user_changes_nothing(admin_user, snapshot):
    user = user_with(Role.BDM)
    before = snapshot()

    services.user_reactivate(actor=admin_user, user=user)

    assert snapshot() == before


# --- user_invite ----------------------------------------------------------------------------


def test_inviting_a_user_sends_one_email_with_a_link_that_sets_their_password(
    admin_user, django_capture_on_commit_callbacks
):
    # Given a user created without a password
    user = services.user_create(actor=admin_user, email="new@example.test", full_name="New Person")

    # When the admin invites them (the e-mail leaves once the transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        link = services.user_invite(actor=admin_user, user=user)

    # Then one e-mail goes to them, carrying the link
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.test"]
    assert message.subject == "You are invited to Twofold"
    assert link in message.body
    assert "Ada Admin" in message.body
    # and following the link lets them choose a password and sign in with it
    browser = Client()
    path = urlsplit(re.search(r"https?://\S+", message.body).group(0)).path
    form_page = browser.get(path, follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0]
    done = browser.post(
        set_password_path,
        {"new_password1": "a-long-fresh-passphrase", "new_password2": "a-long-fresh-passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-fresh-passphrase") is True


def test_creating_a_user_with_invite_sends_the_invitation(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_create(
            actor=admin_user, email="new@example.test", full_name="New Person", invite=True
        )

    assert [m.to for m in mail.outbox] == [["new@example.test"]]


def test_the_invitation_is_not_sent_when_the_creation_is_rolled_back(
    admin_user, django_capture_on_commit_callbacks
):
    # Given a creation that a later step of the same transaction undoes
    def create_then_fail() -> None:
        with transaction.atomic():
            services.user_create(
                actor=admin_user, email="new@example.test", full_name="New Person", invite=True
            )
            raise RuntimeError("a later step failed")

    # When it runs and the transaction commits what is left
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        create_then_fail()

    # Then no account exists, and nobody was invited to it
    assert not User.objects.filter(email="new@example.test").exists()
    assert callbacks == []
    assert mail.outbox == []


def test_inviting_a_deactivated_user_is_refused(admin_user):
    user = user_with(Role.BDM, is_active=False)

    with pytest.raises(ValidationError) as excinfo:
        services.user_invite(actor=admin_user, user=user)

    assert excinfo.value.code == "inactive"
    assert mail.outbox == []


# --- teams ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "department", "lead_role", "other_role"), LEAD_RULES)
def test_a_team_is_created_with_a_lead_holding_the_lead_role_of_its_kind(
    admin_user, kind, department, lead_role, other_role
):
    lead = user_with(lead_role)

    team = services.team_create(
        actor=admin_user, name=" New Team ", kind=kind, department=department, lead=lead
    )

    team.refresh_from_db()
    assert (team.name, team.kind, team.department, team.lead) == (
        "New Team",
        kind,
        department,
        lead,
    )


@pytest.mark.parametrize(("kind", "department", "lead_role", "other_role"), LEAD_RULES)
def test_a_team_lead_without_the_lead_role_of_the_kind_is_refused_naming_lead(
    admin_user, snapshot, kind, department, lead_role, other_role
):
    lead = user_with(other_role)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.team_create(
            actor=admin_user, name="New Team", kind=kind, department=department, lead=lead
        )

    assert error_fields(excinfo) == {"lead"}
    assert snapshot() == before


def test_a_deactivated_user_cannot_lead_a_team(admin_user):
    lead = user_with(Role.SALES_LEAD, is_active=False)

    with pytest.raises(ValidationError) as excinfo:
        services.team_create(actor=admin_user, name="New Team", kind=TeamKind.SALES, lead=lead)

    assert error_fields(excinfo) == {"lead"}


def test_changing_a_team_lead_to_someone_without_the_lead_role_is_refused(admin_user):
    team = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)
    original_lead = team.lead
    wrong = user_with(Role.SALES_LEAD)

    with pytest.raises(ValidationError) as excinfo:
        services.team_update(actor=admin_user, team=team, name=team.name, lead=wrong)

    assert error_fields(excinfo) == {"lead"}
    team.refresh_from_db()
    assert team.lead == original_lead


def test_a_department_without_a_department_type_is_refused(admin_user):
    with pytest.raises(ValidationError) as excinfo:
        services.team_create(actor=admin_user, name="Support", kind=TeamKind.DEPARTMENT)

    assert error_fields(excinfo) == {"department"}
    assert Team.objects.count() == 0


def test_a_team_that_is_not_a_department_cannot_have_a_department_type(admin_user):
    with pytest.raises(ValidationError) as excinfo:
        services.team_create(
            actor=admin_user, name="Sales", kind=TeamKind.SALES, department=Department.LEGAL
        )

    assert error_fields(excinfo) == {"department"}
    assert Team.objects.count() == 0


def test_an_unknown_team_kind_is_refused_naming_kind(admin_user):
    with pytest.raises(ValidationError) as excinfo:
        services.team_create(actor=admin_user, name="Odd", kind="guild")

    assert error_fields(excinfo) == {"kind"}


def test_a_team_name_already_in_use_in_another_case_is_refused(admin_user):
    TeamFactory(name="Sales North")

    with pytest.raises(ValidationError) as excinfo:
        services.team_create(actor=admin_user, name="SALES NORTH", kind=TeamKind.SALES)

    assert error_fields(excinfo) == {"name"}
    assert Team.objects.count() == 1


def test_a_team_is_created_with_members_whose_roles_fit(admin_user):
    seller = user_with(Role.BDM)

    team = services.team_create(
        actor=admin_user, name="Sales", kind=TeamKind.SALES, members=[seller]
    )

    assert list(team.members.all()) == [seller]


def test_a_team_is_not_created_when_a_member_does_not_fit(admin_user, snapshot):
    account_manager = user_with(Role.ACCOUNT_MANAGER)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        services.team_create(
            actor=admin_user, name="Sales", kind=TeamKind.SALES, members=[account_manager]
        )

    assert error_fields(excinfo) == {"teams"}
    assert snapshot() == before


def test_updating_a_team_renames_it_archives_it_and_sets_its_members(admin_user):
    team = TeamFactory(name="Old Name")
    leaving, joining = user_with(Role.BDM), user_with(Role.AGENT)
    TeamMembership.objects.create(team=team, user=leaving)

    services.team_update(
        actor=admin_user,
        team=team,
        name="New Name",
        lead=team.lead,
        description="Gone",
        is_active=False,
        members=[joining],
    )

    team.refresh_from_db()
    assert (team.name, team.description, team.is_active) == ("New Name", "Gone", False)
    assert list(team.members.all()) == [joining]


def test_setting_members_keeps_the_memberships_that_stay(admin_user):
    staying, leaving = user_with(Role.BDM), user_with(Role.BDM)
    team = TeamFactory(members=[staying, leaving])
    kept = TeamMembership.objects.get(team=team, user=staying)

    services.team_set_members(actor=admin_user, team=team, members=[staying])

    assert list(TeamMembership.objects.filter(team=team)) == [kept]


# --- API tokens -----------------------------------------------------------------------------


def test_a_token_is_issued_once_and_only_its_digest_is_stored():
    user = user_with(Role.BDM)

    issued = access.api_token_create(actor=user, user=user, name=" deploy script ")

    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.key.startswith("tf_")
    assert stored.name == "deploy script"
    assert stored.prefix == issued.key[:10]
    assert stored.digest == access.token_digest(issued.key)
    assert issued.key not in {stored.digest, stored.prefix, stored.name}


def test_a_user_cannot_create_a_token_for_someone_else(admin_user, snapshot):
    other = user_with(Role.BDM)
    before = snapshot()

    with pytest.raises(ValidationError) as excinfo:
        access.api_token_create(actor=admin_user, user=other, name="theirs")

    assert excinfo.value.code == "not_own"
    assert snapshot() == before


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_token_needs_a_short_name(name):
    user = user_with(Role.BDM)

    with pytest.raises(ValidationError) as excinfo:
        access.api_token_create(actor=user, user=user, name=name)

    assert error_fields(excinfo) == {"name"}


def test_a_deactivated_user_cannot_be_issued_a_token():
    user = user_with(Role.BDM, is_active=False)

    with pytest.raises(ValidationError) as excinfo:
        access.api_token_create(actor=None, user=user, name="script")

    assert excinfo.value.code == "inactive"


def test_revoking_a_token_twice_changes_nothing_the_second_time(snapshot):
    user = user_with(Role.BDM)
    token = access.api_token_create(actor=user, user=user, name="script").token
    access.api_token_revoke(actor=user, token=token)
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    before = snapshot()

    access.api_token_revoke(actor=user, token=token)

    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at
    assert snapshot() == before


def test_a_user_cannot_revoke_someone_elses_token(admin_user):
    owner = user_with(Role.BDM)
    token = access.api_token_create(actor=owner, user=owner, name="script").token

    with pytest.raises(ValidationError) as excinfo:
        access.api_token_revoke(actor=admin_user, token=token)

    assert excinfo.value.code == "not_own"
    token.refresh_from_db()
    assert token.revoked_at is None


# --- history: every write says who and why --------------------------------------------------


def _seller():
    return user_with(Role.BDM, full_name="Sam Seller")


WRITES = {
    # name: (write(admin) -> object whose history holds the record, model, reason)
    "user_create": (
        lambda admin: services.user_create(actor=admin, email="n@example.test", full_name="N"),
        "Created",
    ),
    "user_update": (
        lambda admin: services.user_update(
            actor=admin, user=_seller(), full_name="Sam Renamed", email="sam@example.test"
        ),
        "Details changed",
    ),
    "user_deactivate": (
        lambda admin: services.user_deactivate(actor=admin, user=_seller(), reason="Left"),
        "Left",
    ),
    "user_deactivate_without_reason": (
        lambda admin: services.user_deactivate(actor=admin, user=_seller()),
        "Deactivated",
    ),
    "user_reactivate": (
        lambda admin: services.user_reactivate(
            actor=admin, user=user_with(Role.BDM, is_active=False)
        ),
        "Reactivated",
    ),
    "user_set_roles_gives": (
        lambda admin: RoleAssignment.objects.get(
            user=services.user_set_roles(actor=admin, user=_seller(), roles=[Role.BDM, Role.AGENT]),
            role=Role.AGENT,
        ),
        "Role given",
    ),
    "user_set_roles_removes": (
        lambda admin: RoleAssignment.history.filter(
            user_id=services.user_set_roles(
                actor=admin, user=user_with(Role.BDM, Role.AGENT), roles=[Role.BDM]
            ).pk,
            role=Role.AGENT,
        ),
        "Role removed",
    ),
    "user_set_teams_joins": (
        lambda admin: TeamMembership.objects.get(
            user=services.user_set_teams(actor=admin, user=_seller(), teams=[TeamFactory()])
        ),
        "Joined team",
    ),
    "team_create": (
        lambda admin: services.team_create(actor=admin, name="New", kind=TeamKind.SALES),
        "Created",
    ),
    "team_update": (
        lambda admin: services.team_update(
            actor=admin, team=(team := TeamFactory()), name="Renamed", lead=team.lead
        ),
        "Changed",
    ),
    "team_set_members_adds": (
        lambda admin: TeamMembership.objects.get(
            team=services.team_set_members(actor=admin, team=TeamFactory(), members=[_seller()])
        ),
        "Added to team",
    ),
    "team_set_members_removes": (
        lambda admin: TeamMembership.history.filter(
            team_id=services.team_set_members(
                actor=admin, team=TeamFactory(members=[_seller()]), members=[]
            ).pk
        ),
        "Removed from team",
    ),
    "api_token_create": (
        lambda admin: access.api_token_create(actor=admin, user=admin, name="mine").token,
        "Created",
    ),
    "api_token_revoke": (
        lambda admin: access.api_token_revoke(
            actor=admin,
            token=access.api_token_create(actor=None, user=admin, name="mine").token,
        ),
        "Revoked",
    ),
}


@pytest.mark.parametrize("write", WRITES.keys())
def test_every_write_records_history_with_the_actor_and_a_reason(admin_user, write):
    perform, reason = WRITES[write]

    written = perform(admin_user)

    records = written if hasattr(written, "model") else written.history.all()
    latest = records.order_by("-history_date", "-history_id").first()
    assert latest.history_user == admin_user
    assert latest.history_change_reason == reason


# --- only admins manage people --------------------------------------------------------------


def _refused_writes(actor: User) -> dict[str, object]:
    victim = user_with(Role.BDM, full_name="Victim")
    former = user_with(Role.BDM, full_name="Former", is_active=False)
    team = TeamFactory(name="Victim Team")
    return {
        "user_create": lambda: services.user_create(actor=actor, email="n@e.test", full_name="N"),
        "user_update": lambda: services.user_update(
            actor=actor, user=victim, full_name="Hacked", email=victim.email
        ),
        "user_change": lambda: services.user_change(
            actor=actor, user=victim, full_name="Hacked", email=victim.email, roles=[Role.ADMIN]
        ),
        "user_set_roles": lambda: services.user_set_roles(
            actor=actor, user=victim, roles=[Role.ADMIN]
        ),
        "user_set_roles_on_self": lambda: services.user_set_roles(
            actor=actor, user=actor, roles=[Role.ADMIN]
        ),
        "user_set_teams": lambda: services.user_set_teams(actor=actor, user=victim, teams=[team]),
        "user_deactivate": lambda: services.user_deactivate(actor=actor, user=victim),
        "user_reactivate": lambda: services.user_reactivate(actor=actor, user=former),
        "user_invite": lambda: services.user_invite(actor=actor, user=victim),
        "team_create": lambda: services.team_create(actor=actor, name="T", kind=TeamKind.SALES),
        "team_update": lambda: services.team_update(
            actor=actor, team=team, name="Hacked", lead=team.lead
        ),
        "team_set_members": lambda: services.team_set_members(
            actor=actor, team=team, members=[victim]
        ),
    }


REFUSED_WRITES = [
    "user_create",
    "user_update",
    "user_change",
    "user_set_roles",
    "user_set_roles_on_self",
    "user_set_teams",
    "user_deactivate",
    "user_reactivate",
    "user_invite",
    "team_create",
    "team_update",
    "team_set_members",
]


@pytest.mark.parametrize("write", REFUSED_WRITES)
@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_a_non_admin_may_not_manage_people_and_nothing_is_written(snapshot, role, write):
    actor = user_with(role)
    attempt = _refused_writes(actor)[write]
    before = snapshot()

    with pytest.raises(PermissionDenied):
        attempt()

    assert snapshot() == before
    assert mail.outbox == []


def test_a_deactivated_admin_may_not_manage_people(snapshot):
    user_with(Role.ADMIN)
    former_admin = user_with(Role.ADMIN, is_active=False)
    before = snapshot()

    with pytest.raises(PermissionDenied):
        services.user_create(actor=former_admin, email="n@example.test", full_name="N")

    assert snapshot() == before


def test_the_command_line_operator_manages_people_without_an_actor():
    user = services.user_create(actor=None, email="n@example.test", full_name="N", roles=[Role.BDM])

    record = user.history.get()
    assert record.history_user is None
    assert record.history_change_reason == "Created"
