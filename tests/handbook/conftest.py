from __future__ import annotations

import pytest

from tests.factories import user_with
from twofold.handbook.models import RoleProfile
from twofold.people.choices import Role
from twofold.people.models import User


@pytest.fixture
def bdm(db) -> User:
    return user_with(Role.BDM, full_name="Bea Builder", email="bea@example.test")


@pytest.fixture
def am_profile(db) -> RoleProfile:
    """The account manager's page, as the seed migration wrote it."""
    return RoleProfile.objects.get(role=Role.ACCOUNT_MANAGER)


@pytest.fixture
def page_values(am_profile: RoleProfile) -> dict[str, str]:
    """Every editable field of the account manager's page, ready to pass to the service."""
    return {
        "title": am_profile.title,
        "summary": am_profile.summary,
        "works_on": am_profile.works_on,
        "works_with": am_profile.works_with,
        "responsibilities": am_profile.responsibilities,
        "skills": am_profile.skills,
        "measured_by": am_profile.measured_by,
        "hand_over": am_profile.hand_over,
        "may": am_profile.may,
        "may_not": am_profile.may_not,
    }
