"""Every API failure has one shape: ``{"message", "code", "fields"}``."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers

from twofold.core.api.errors import exception_handler


def handle(exc: Exception):
    return exception_handler(exc, {})


def test_a_django_field_error_names_its_field():
    response = handle(DjangoValidationError({"email": "A user with this e-mail already exists."}))

    assert response.status_code == 400
    assert response.data == {
        "message": "Please correct: email.",
        "code": "invalid",
        "fields": {"email": ["A user with this e-mail already exists."]},
    }


def test_several_django_field_errors_are_all_named_in_order():
    response = handle(DjangoValidationError({"roles": ["Bad role."], "email": ["Bad.", "Taken."]}))

    assert response.data == {
        "message": "Please correct: email, roles.",
        "code": "invalid",
        "fields": {"roles": ["Bad role."], "email": ["Bad.", "Taken."]},
    }


def test_a_django_error_for_the_whole_object_becomes_the_message():
    response = handle(DjangoValidationError({"__all__": ["Dates overlap."], "end": ["Too early."]}))

    assert response.data == {
        "message": "Dates overlap.",
        "code": "invalid",
        "fields": {"end": ["Too early."]},
    }


def test_a_plain_django_error_keeps_its_message_and_code():
    response = handle(
        DjangoValidationError("You cannot deactivate yourself.", code="self_deactivation")
    )

    assert response.status_code == 400
    assert response.data == {
        "message": "You cannot deactivate yourself.",
        "code": "self_deactivation",
        "fields": {},
    }


def test_a_plain_django_error_without_a_code_is_invalid():
    response = handle(DjangoValidationError("Something is off."))

    assert response.data == {"message": "Something is off.", "code": "invalid", "fields": {}}


def test_a_django_error_with_several_messages_joins_them():
    response = handle(DjangoValidationError(["First problem.", "Second problem."]))

    assert response.data == {
        "message": "First problem. Second problem.",
        "code": "invalid",
        "fields": {},
    }


def test_a_django_error_with_params_is_formatted():
    response = handle(
        DjangoValidationError("Use at most %(max)s characters.", params={"max": 80}, code="long")
    )

    assert response.data == {"message": "Use at most 80 characters.", "code": "long", "fields": {}}


def test_django_permission_denied_is_403():
    response = handle(DjangoPermissionDenied("You are not allowed to do this."))

    assert response.status_code == 403
    assert response.data == {
        "message": "You are not allowed to do this.",
        "code": "permission_denied",
        "fields": {},
    }


def test_django_permission_denied_without_a_message_gets_the_default_one():
    response = handle(DjangoPermissionDenied())

    assert response.status_code == 403
    assert response.data == {
        "message": "You do not have permission to perform this action.",
        "code": "permission_denied",
        "fields": {},
    }


def test_http404_is_404_with_its_message():
    response = handle(Http404("No such user."))

    assert response.status_code == 404
    assert response.data == {"message": "No such user.", "code": "not_found", "fields": {}}


def test_http404_without_a_message_gets_the_default_one():
    response = handle(Http404())

    assert response.status_code == 404
    assert response.data == {"message": "Not found.", "code": "not_found", "fields": {}}


def test_a_serializer_error_names_every_field():
    class Input(serializers.Serializer):
        email = serializers.EmailField()
        roles = serializers.ListField(child=serializers.ChoiceField(choices=["bdm"]))

    data = Input(data={"email": "nope", "roles": ["bdm", "wizard"]})
    assert not data.is_valid()

    response = handle(exceptions.ValidationError(data.errors))

    assert response.status_code == 400
    assert response.data == {
        "message": "Please correct: email, roles.",
        "code": "invalid",
        "fields": {
            "email": ["Enter a valid email address."],
            "roles": ['"wizard" is not a valid choice.'],
        },
    }


def test_a_drf_error_for_the_whole_input_becomes_the_message():
    response = handle(exceptions.ValidationError({"non_field_errors": ["Pick one."]}))

    assert response.data == {"message": "Pick one.", "code": "invalid", "fields": {}}


def test_a_drf_error_with_a_plain_message_becomes_the_message():
    response = handle(exceptions.ValidationError("Nothing to do."))

    assert response.data == {"message": "Nothing to do.", "code": "invalid", "fields": {}}


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (exceptions.NotAuthenticated(), 401, "not_authenticated"),
        (exceptions.AuthenticationFailed("Invalid token."), 401, "authentication_failed"),
        (exceptions.PermissionDenied(), 403, "permission_denied"),
        (exceptions.NotFound(), 404, "not_found"),
        (exceptions.MethodNotAllowed("DELETE"), 405, "method_not_allowed"),
        (exceptions.NotAcceptable(), 406, "not_acceptable"),
        (exceptions.UnsupportedMediaType("text/plain"), 415, "unsupported_media_type"),
        (exceptions.Throttled(wait=30), 429, "throttled"),
        (exceptions.ParseError(), 400, "parse_error"),
    ],
)
def test_drf_errors_keep_their_status_and_code(exc, status, code):
    response = handle(exc)

    assert response.status_code == status
    assert set(response.data) == {"message", "code", "fields"}
    assert response.data["code"] == code
    assert response.data["message"] == " ".join(str(d) for d in [exc.detail])
    assert response.data["fields"] == {}


def test_an_error_that_is_not_an_api_error_is_left_to_django():
    assert handle(ValueError("boom")) is None
