from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from twofold.handbook import services
from twofold.handbook.models import RoleProfile

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_saved_and_recorded_with_the_admin(admin_user, am_profile, page_values):
    services.role_profile_update(
        actor=admin_user, profile=am_profile, **{**page_values, "title": "Client partner"}
    )

    latest = am_profile.history.first()
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Client partner"
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "Edited")


def test_an_edit_moves_the_last_updated_time_forward(admin_user, am_profile, page_values):
    before = am_profile.updated_at

    services.role_profile_update(
        actor=admin_user, profile=am_profile, **{**page_values, "summary": "Keeps clients."}
    )

    assert RoleProfile.objects.get(pk=am_profile.pk).updated_at > before


def test_a_non_admin_is_refused_and_the_page_stays_as_it_was(bdm, am_profile, page_values):
    with pytest.raises(PermissionDenied):
        services.role_profile_update(
            actor=bdm, profile=am_profile, **{**page_values, "title": "Hijacked"}
        )

    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Account manager"
    assert am_profile.history.count() == 1


@pytest.mark.parametrize("field", ["title", "summary", "works_on", "responsibilities", "skills"])
def test_an_empty_required_field_is_refused_naming_that_field(
    admin_user, am_profile, page_values, field
):
    with pytest.raises(ValidationError) as caught:
        services.role_profile_update(
            actor=admin_user, profile=am_profile, **{**page_values, field: "  \n "}
        )

    assert list(caught.value.message_dict) == [field]


def test_a_refused_edit_leaves_the_object_and_the_row_unchanged(
    admin_user, am_profile, page_values
):
    with pytest.raises(ValidationError):
        services.role_profile_update(
            actor=admin_user, profile=am_profile, **{**page_values, "title": "New", "skills": ""}
        )

    assert am_profile.title == "Account manager"
    assert RoleProfile.objects.get(pk=am_profile.pk).title == "Account manager"


def test_a_title_longer_than_eighty_characters_is_refused(admin_user, am_profile, page_values):
    with pytest.raises(ValidationError) as caught:
        services.role_profile_update(
            actor=admin_user, profile=am_profile, **{**page_values, "title": "x" * 81}
        )

    assert list(caught.value.message_dict) == ["title"]


def test_list_fields_are_stored_one_item_per_line_without_bullets(
    admin_user, am_profile, page_values
):
    services.role_profile_update(
        actor=admin_user,
        profile=am_profile,
        **{**page_values, "skills": "- Empathy\r\n\r\n• Listening  \n"},
    )

    assert RoleProfile.objects.get(pk=am_profile.pk).skills == "Empathy\nListening"


def test_saving_a_page_unchanged_records_nothing(admin_user, am_profile, page_values):
    services.role_profile_update(actor=admin_user, profile=am_profile, **page_values)

    assert am_profile.history.count() == 1


def test_optional_fields_left_out_keep_their_text(admin_user, am_profile, page_values):
    values = {k: v for k, v in page_values.items() if k not in ("works_with", "hand_over")}

    services.role_profile_update(
        actor=admin_user, profile=am_profile, **{**values, "title": "Client partner"}
    )

    saved = RoleProfile.objects.get(pk=am_profile.pk)
    assert (saved.works_with, saved.hand_over) == (
        page_values["works_with"],
        page_values["hand_over"],
    )


def test_the_system_may_edit_without_an_actor(am_profile, page_values):
    services.role_profile_update(actor=None, profile=am_profile, **{**page_values, "title": "AM"})

    assert am_profile.history.first().history_user is None
