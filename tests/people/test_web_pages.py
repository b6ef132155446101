"""The people, team and token pages: forms call services, errors sit next to their fields."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TeamFactory, UserFactory, user_with
from twofold.people.choices import Role, TeamKind
from twofold.people.models import ApiToken, Team, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_people_list_shows_colleagues_with_their_roles(admin_client):
    user_with(Role.BDM, full_name="Marco Rossi")

    page = admin_client.get(reverse("people:user_list")).content.decode()

    assert "Marco Rossi" in page
    assert "Business development manager" in page


def test_the_people_list_searches_by_name(admin_client):
    user_with(Role.BDM, full_name="Marco Rossi")
    user_with(Role.BDM, full_name="Julia Nowak")

    page = admin_client.get(reverse("people:user_list"), {"q": "nowak"}).content.decode()

    assert "Julia Nowak" in page
    assert "Marco Rossi" not in page


def test_an_htmx_search_answers_with_the_rows_only(admin_client):
    response = admin_client.get(reverse("people:user_list"), {"q": "zzz"}, HTTP_HX_REQUEST="true")

    assert "<html" not in response.content.decode()
    assert "No one matches these filters." in response.content.decode()


def test_an_admin_adds_a_user_and_an_invitation_is_mailed(
    admin_client, django_capture_on_commit_callbacks
):
    team = TeamFactory(kind=TeamKind.SALES)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("people:user_create"),
            {
                "full_name": "Lena Fischer",
                "email": "lena@example.test",
                "roles": [Role.LEAD_GENERATOR],
                "teams": [team.pk],
                "invite": "on",
            },
        )

    user = User.objects.get(email="lena@example.test")
    assert response.status_code == 302
    assert response.url == reverse("people:user_detail", args=[user.pk])
    assert user.roles == {Role.LEAD_GENERATOR}
    assert list(user.teams.all()) == [team]
    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["lena@example.test"]]


def test_an_invalid_new_user_shows_errors_next_to_fields_and_keeps_the_input(admin_client):
    response = admin_client.post(
        reverse("people:user_create"), {"full_name": "Lena Fischer", "email": "not-an-email"}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["email"]
    assert 'value="Lena Fischer"' in response.content.decode()
    assert 'id="id_email_errors"' in response.content.decode()
    assert not User.objects.filter(full_name="Lena Fischer").exists()


def test_a_role_that_does_not_fit_the_team_is_reported_on_the_teams_field(admin_client):
    team = TeamFactory(kind=TeamKind.ACCOUNT_MANAGEMENT)

    response = admin_client.post(
        reverse("people:user_create"),
        {
            "full_name": "Lena Fischer",
            "email": "lena@example.test",
            "roles": [Role.LEAD_GENERATOR],
            "teams": [team.pk],
        },
    )

    assert "teams" in response.context["form"].errors
    assert not User.objects.filter(email="lena@example.test").exists()


def test_an_admin_changes_a_users_roles(admin_client):
    user = user_with(Role.BDM)

    response = admin_client.post(
        reverse("people:user_edit", args=[user.pk]),
        {
            "full_name": user.full_name,
            "email": user.email,
            "roles": [Role.BDM, Role.ACCOUNT_MANAGER],
        },
    )

    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).roles == {Role.BDM, Role.ACCOUNT_MANAGER}


def test_deactivating_keeps_the_user_and_records_the_reason(admin_client):
    user = user_with(Role.BDM)

    admin_client.post(reverse("people:user_deactivate", args=[user.pk]), {"reason": "Left"})

    user.refresh_from_db()
    assert user.is_active is False
    assert user.history.first().history_change_reason == "Left"


def test_a_non_admin_cannot_open_the_new_user_form(client):
    client.force_login(user_with(Role.SALES_LEAD))

    assert client.get(reverse("people:user_create")).status_code == 403


def test_an_agent_gets_not_found_for_a_colleague(client):
    colleague = user_with(Role.BDM, full_name="Hidden Colleague")
    client.force_login(user_with(Role.AGENT))

    response = client.get(reverse("people:user_detail", args=[colleague.pk]))

    assert response.status_code == 404
    assert "Hidden Colleague" not in response.content.decode()


def test_the_user_page_shows_who_changed_what(admin_client, admin_user):
    user = user_with(Role.BDM)
    admin_client.post(
        reverse("people:user_edit", args=[user.pk]),
        {"full_name": "Renamed Person", "email": user.email, "roles": [Role.BDM]},
    )

    page = admin_client.get(reverse("people:user_detail", args=[user.pk])).content.decode()

    assert "Renamed Person" in page
    assert f"by {admin_user.full_name} · via web" in page


def test_an_admin_creates_a_department(admin_client):
    member = user_with(Role.DEPARTMENT_MEMBER)

    response = admin_client.post(
        reverse("people:team_create"),
        {
            "name": "Legal",
            "kind": TeamKind.DEPARTMENT,
            "department": "legal",
            "lead": member.pk,
            "members": [member.pk],
        },
    )

    team = Team.objects.get(name="Legal")
    assert response.status_code == 302
    assert team.lead == member
    assert list(team.members.all()) == [member]


def test_a_sales_team_led_by_a_bdm_is_refused_on_the_lead_field(admin_client):
    bdm = user_with(Role.BDM)

    response = admin_client.post(
        reverse("people:team_create"), {"name": "North", "kind": TeamKind.SALES, "lead": bdm.pk}
    )

    assert "lead" in response.context["form"].errors
    assert not Team.objects.filter(name="North").exists()


def test_a_new_token_is_shown_once_and_stored_as_a_digest(client):
    user = user_with(Role.BDM)
    client.force_login(user)

    created = client.post(reverse("people:token_list"), {"name": "nightly export"})
    key = created.context["issued"].key
    later = client.get(reverse("people:token_list"))

    assert key in created.content.decode()
    assert key not in later.content.decode()
    assert ApiToken.objects.get(user=user).digest != key


def test_revoking_someone_elses_token_is_not_found(client):
    other = UserFactory()
    token = ApiToken.objects.create(user=other, name="x", prefix="tf_x", digest="0" * 64)
    client.force_login(user_with(Role.BDM))

    response = client.post(reverse("people:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None
