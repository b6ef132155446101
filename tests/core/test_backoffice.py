"""The staff back office shows records and writes none: every write goes through a service."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import UserFactory, user_with
from twofold.people.choices import Role
from twofold.people.models import User

pytestmark = pytest.mark.django_db

# The sign-in lockout records (django-axes) stay deletable: deleting them is how staff unlock.
REGISTERED = [
    pytest.param(model, id=model._meta.label)
    for model in admin.site._registry
    if model.__module__.startswith("twofold.")
]


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_back_office_registers_models():
    assert REGISTERED


@pytest.mark.parametrize("model", REGISTERED)
def test_no_model_can_be_added_changed_or_deleted_there(model):
    request = RequestFactory().get("/backoffice/")
    request.user = UserFactory.build(is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[model]

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize("model", REGISTERED)
def test_a_superuser_still_reads_each_list(staff, model):
    meta = model._meta

    response = staff.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))

    assert response.status_code == 200


def test_a_posted_change_to_a_user_is_refused_and_writes_nothing(staff):
    target = user_with(Role.BDM, full_name="Bea Before")

    response = staff.post(
        reverse("admin:people_user_change", args=[target.pk]),
        {"email": target.email, "full_name": "Mallory After", "is_staff": "on"},
    )

    target.refresh_from_db()
    assert response.status_code == 403
    assert (target.full_name, target.is_staff) == ("Bea Before", False)


def test_adding_and_deleting_a_user_there_is_refused(staff):
    target = user_with(Role.BDM)

    added = staff.post(reverse("admin:people_user_add"), {"email": "new@example.com"})
    deleted = staff.post(reverse("admin:people_user_delete", args=[target.pk]), {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert User.objects.filter(pk=target.pk).exists()
    assert not User.objects.filter(email="new@example.com").exists()


def test_django_groups_are_not_offered_beside_the_roles():
    assert not admin.site.is_registered(Group)
