from __future__ import annotations

import pytest

from twofold.people.choices import Role


@pytest.fixture(params=list(Role), ids=str)
def role(request) -> Role:
    """Each matrix test runs once per role: the actor holds that role only."""
    return request.param
