import pytest

from tests.factories import user_with
from twofold.people import services
from twofold.people.choices import Role


@pytest.mark.django_db
def test_admin_creates_a_user_with_roles(admin_user):
    user = services.user_create(
        actor=admin_user, email="New@Example.test", full_name="New Person", roles=[Role.BDM]
    )
    assert user.email == "new@example.test"
    assert user.roles == {Role.BDM}
    assert user.history.first().history_user == admin_user


@pytest.mark.django_db
def test_bdm_cannot_create_users():
    from django.core.exceptions import PermissionDenied

    bdm = user_with(Role.BDM)
    with pytest.raises(PermissionDenied):
        services.user_create(actor=bdm, email="x@example.test", full_name="X")
