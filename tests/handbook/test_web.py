from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from twofold.handbook.models import RoleProfile
from twofold.people.choices import Role

pytestmark = pytest.mark.django_db

PAGES = [
    ("handbook:index", {}),
    ("handbook:compare", {}),
    ("handbook:role", {"role": Role.ACCOUNT_MANAGER}),
    ("handbook:export", {"role": Role.ACCOUNT_MANAGER}),
]


def _form(profile: RoleProfile, **changes: str) -> dict[str, str]:
    fields = [
        "title", "summary", "works_on", "works_with", "responsibilities", "skills",
        "measured_by", "hand_over", "may", "may_not",
    ]  # fmt: skip
    return {**{name: getattr(profile, name) for name in fields}, **changes}


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_a_signed_in_user_can_open_every_handbook_page(client, bdm, name, kwargs):
    client.force_login(bdm)

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "kwargs"), [*PAGES, ("handbook:edit", {"role": Role.ACCOUNT_MANAGER})]
)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)


def test_the_handbook_is_in_the_user_menu(client, bdm):
    client.force_login(bdm)

    response = client.get(reverse("home"))

    assertContains(response, f'href="{reverse("handbook:index")}"')
    assertContains(response, f'href="{reverse("handbook:compare")}"')


def test_the_index_groups_the_roles_by_side(client, bdm):
    client.force_login(bdm)

    response = client.get(reverse("handbook:index"))

    sections = response.context["sections"]
    assert [(s.side, [p.role for p in s.profiles]) for s in sections] == [
        ("sales", ["lead_generator", "bdm", "agent", "sales_lead"]),
        ("accounts", ["account_manager", "key_account_manager", "account_executive"]),
        ("supporting", ["department_member", "admin"]),
    ]


def test_the_role_page_shows_responsibilities_skills_and_limits(client, bdm, am_profile):
    client.force_login(bdm)

    response = client.get(reverse("handbook:role", kwargs={"role": am_profile.role}))

    for item in [*am_profile.responsibility_list, *am_profile.skill_list, *am_profile.may_not_list]:
        assertContains(response, escape(item))


def test_the_role_page_links_to_the_job_description(client, bdm, am_profile):
    client.force_login(bdm)

    response = client.get(reverse("handbook:role", kwargs={"role": am_profile.role}))

    assertContains(response, reverse("handbook:export", kwargs={"role": am_profile.role}))


def test_a_non_admin_sees_neither_the_edit_button_nor_the_history(client, bdm, am_profile):
    client.force_login(bdm)

    response = client.get(reverse("handbook:role", kwargs={"role": am_profile.role}))

    assertNotContains(response, reverse("handbook:edit", kwargs={"role": am_profile.role}))
    assertNotContains(response, 'id="history-title"')


def test_an_admin_sees_the_edit_button_and_the_history(client, admin_user, am_profile):
    client.force_login(admin_user)

    response = client.get(reverse("handbook:role", kwargs={"role": am_profile.role}))

    assertContains(response, reverse("handbook:edit", kwargs={"role": am_profile.role}))
    assertContains(response, "First edition")


@pytest.mark.parametrize("name", ["handbook:role", "handbook:export", "handbook:edit"])
def test_an_unknown_role_is_not_found(client, admin_user, name):
    client.force_login(admin_user)

    response = client.get(reverse(name, kwargs={"role": "chief_vibes_officer"}))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("handbook:index", {}), ("handbook:role", {"role": Role.BDM})],
)
def test_a_post_to_a_reading_page_is_refused(client, bdm, name, kwargs):
    client.force_login(bdm)

    response = client.post(reverse(name, kwargs=kwargs))

    assert response.status_code == 405


def test_the_compare_page_puts_sales_and_account_management_side_by_side(client, bdm):
    client.force_login(bdm)

    response = client.get(reverse("handbook:compare"))

    comparison = response.context["comparison"]
    assert (comparison.sales.example.role, comparison.accounts.example.role) == (
        Role.BDM,
        Role.ACCOUNT_MANAGER,
    )
    assert [row.key for row in comparison.rows] == [
        "focus", "works_with", "responsibilities", "skills", "measured_by", "hand_over",
        "may_not",
    ]  # fmt: skip


def test_the_export_is_a_markdown_file_named_after_the_role(client, bdm, am_profile):
    client.force_login(bdm)

    response = client.get(reverse("handbook:export", kwargs={"role": am_profile.role}))

    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="account_manager-job-description.md"'
    )
    assert response.content.decode().startswith("# Account manager\n")


def test_the_edit_form_is_refused_to_a_non_admin(client, bdm, am_profile):
    client.force_login(bdm)

    response = client.get(reverse("handbook:edit", kwargs={"role": am_profile.role}))

    assert response.status_code == 403


def test_an_edit_posted_by_a_non_admin_is_refused_and_changes_nothing(client, bdm, am_profile):
    client.force_login(bdm)

    response = client.post(
        reverse("handbook:edit", kwargs={"role": am_profile.role}),
        _form(am_profile, title="Hijacked"),
    )

    assert response.status_code == 403
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Account manager"


def test_the_edit_form_starts_with_the_current_text(client, admin_user, am_profile):
    client.force_login(admin_user)

    response = client.get(reverse("handbook:edit", kwargs={"role": am_profile.role}))

    assert response.context["form"].initial == _form(am_profile)


def test_an_admin_edit_is_saved_and_leads_back_to_the_page(client, admin_user, am_profile):
    client.force_login(admin_user)
    url = reverse("handbook:role", kwargs={"role": am_profile.role})

    response = client.post(
        reverse("handbook:edit", kwargs={"role": am_profile.role}),
        _form(am_profile, title="Client partner"),
        follow=True,
    )

    assertRedirects(response, url)
    assertContains(response, "Saved the page for Client partner.")
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Client partner"


def test_a_web_edit_is_recorded_as_coming_from_the_web(client, admin_user, am_profile):
    client.force_login(admin_user)

    client.post(
        reverse("handbook:edit", kwargs={"role": am_profile.role}),
        _form(am_profile, title="Client partner"),
    )

    latest = am_profile.history.first()
    assert (latest.history_user, latest.history_source) == (admin_user, "web")


def test_an_invalid_edit_shows_the_error_next_to_the_field_and_keeps_the_input(
    client, admin_user, am_profile
):
    client.force_login(admin_user)

    response = client.post(
        reverse("handbook:edit", kwargs={"role": am_profile.role}),
        _form(am_profile, title="Client partner", skills=""),
    )

    assert response.status_code == 200
    assertContains(
        response,
        '<ul class="errorlist" id="id_skills_errors"><li>List at least one skill.</li></ul>',
        html=True,
    )
    assertContains(response, 'value="Client partner"')
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Account manager"


def test_an_error_found_by_the_service_is_shown_next_to_its_field(client, admin_user, am_profile):
    client.force_login(admin_user)

    response = client.post(
        reverse("handbook:edit", kwargs={"role": am_profile.role}),
        _form(am_profile, responsibilities="- \n•\n"),
    )

    assertContains(
        response,
        '<ul class="errorlist" id="id_responsibilities_errors">'
        "<li>List at least one responsibility.</li></ul>",
        html=True,
    )
