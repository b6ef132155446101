from __future__ import annotations

import pytest

from twofold.handbook.job_description import role_profile_markdown
from twofold.handbook.models import RoleProfile, Side
from twofold.people.choices import Role


def _profile(**overrides: str) -> RoleProfile:
    values = {
        "role": Role.BDM,
        "side": Side.SALES,
        "title": "Business development manager",
        "summary": "Wins new clients.",
        "works_on": "New business",
        "works_with": "Buyers",
        "responsibilities": "Guide buyers\nClose deals",
        "skills": "Listening\nProduct knowledge",
        "measured_by": "Revenue won",
        "hand_over": "Briefs the account manager.",
        "may": "Quote",
        "may_not": "Own existing accounts",
    }
    return RoleProfile(**{**values, **overrides})


def test_the_job_description_starts_with_the_title_as_a_heading():
    assert role_profile_markdown(_profile()).startswith("# Business development manager\n")


def test_the_job_description_lists_every_responsibility_under_what_you_will_do():
    markdown = role_profile_markdown(_profile())

    section = markdown.split("## What you will do\n\n")[1].split("\n\n")[0]
    assert section == "- Guide buyers\n- Close deals"


def test_the_job_description_lists_every_skill_under_what_you_bring():
    markdown = role_profile_markdown(_profile())

    section = markdown.split("## What you bring\n\n")[1].split("\n\n")[0]
    assert section == "- Listening\n- Product knowledge"


def test_where_this_role_stops_names_the_limits_and_the_hand_over():
    markdown = role_profile_markdown(_profile())

    section = markdown.split("## Where this role stops\n\n")[1]
    assert section == (
        "This role does not:\n\n- Own existing accounts\n\n"
        "**In the hand-over:** Briefs the account manager.\n"
    )


def test_sections_with_nothing_to_say_are_left_out():
    markdown = role_profile_markdown(
        _profile(works_with="", measured_by="", may_not="", hand_over="")
    )

    assert "## Who you will work with" not in markdown
    assert "## How success is measured" not in markdown
    assert "## Where this role stops" not in markdown


def test_a_line_that_looks_like_markdown_stays_one_list_item():
    markdown = role_profile_markdown(_profile(responsibilities="# Not a heading\n1. Not a list"))

    assert "- \\# Not a heading\n- 1\\. Not a list" in markdown


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_seeded_page_exports_its_title_and_all_its_responsibilities(role):
    profile = RoleProfile.objects.get(role=role)

    markdown = role_profile_markdown(profile)

    assert markdown.startswith(f"# {profile.title}\n")
    assert all(f"- {item}\n" in markdown for item in profile.responsibility_list)
