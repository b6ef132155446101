"""The one GET/POST flow of a page whose form a service call writes (core/web/forms.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.test import RequestFactory

from tests.factories import TeamFactory, user_with
from twofold.core.web.forms import form_flow
from twofold.people.choices import Role
from twofold.people.models import User
from twofold.policies import Perm

pytestmark = pytest.mark.django_db

MANAGE = {"GET": Perm.USER_MANAGE, "POST": Perm.USER_MANAGE}


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


class Flow:
    """A page on form_flow whose service writes names into ``written``."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.forms_built = 0

    def form(self, data: QueryDict | None) -> NameForm:
        self.forms_built += 1
        return NameForm(data)

    def call(self, data: dict[str, Any]) -> str:
        if data["name"] == "taken":
            raise ValidationError({"name": "That name is taken."})
        self.written.append(data["name"])
        return data["name"]

    def page(self, form: NameForm) -> HttpResponse:
        self.shown = form
        return HttpResponse("the form")

    def answer(self, request: HttpRequest, perms: Any = MANAGE, target: Any = None) -> HttpResponse:
        return form_flow(
            request,
            perms=perms,
            target=target,
            form=self.form,
            call=self.call,
            message=lambda name: f"{name} was saved.",
            next_url=lambda name: f"/names/{name}/",
            page=self.page,
        )


def _request(method: str, user: User, data: dict[str, str] | None = None) -> HttpRequest:
    request = getattr(RequestFactory(), method.lower())("/names/new/", data or {})
    request.user = user
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def test_a_refused_permission_is_403_before_the_form_is_read() -> None:
    flow = Flow()
    with pytest.raises(PermissionDenied):
        flow.answer(_request("POST", user_with(Role.BDM), {"name": "Ada"}))
    assert (flow.forms_built, flow.written) == (0, [])


def test_the_permission_is_judged_on_the_record_the_view_loaded() -> None:
    sales_lead = user_with(Role.SALES_LEAD)
    routing = {"GET": Perm.ROUTING_RULE_MANAGE, "POST": Perm.ROUTING_RULE_MANAGE}
    theirs, another = TeamFactory(lead=sales_lead), TeamFactory()
    flow = Flow()
    assert flow.answer(_request("GET", sales_lead), routing, theirs).status_code == 200
    with pytest.raises(PermissionDenied):
        flow.answer(_request("GET", sales_lead), routing, another)


def test_a_method_the_map_does_not_name_answers_405() -> None:
    flow = Flow()
    response = flow.answer(
        _request("POST", user_with(Role.ADMIN), {"name": "Ada"}), perms={"GET": Perm.USER_MANAGE}
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert flow.written == []


def test_get_shows_the_empty_form() -> None:
    flow = Flow()
    response = flow.answer(_request("GET", user_with(Role.ADMIN)))
    assert response.status_code == 200
    assert not flow.shown.is_bound


def test_an_invalid_form_is_shown_again_with_its_errors_and_nothing_is_written() -> None:
    flow = Flow()
    response = flow.answer(_request("POST", user_with(Role.ADMIN), {"name": "x" * 21}))
    assert response.status_code == 200
    assert "name" in flow.shown.errors
    assert flow.written == []


def test_a_refusal_of_the_service_shows_on_the_field_it_names() -> None:
    flow = Flow()
    flow.answer(_request("POST", user_with(Role.ADMIN), {"name": "taken"}))
    assert flow.shown.errors == {"name": ["That name is taken."]}


def test_a_saved_form_flashes_the_message_and_redirects_to_what_the_call_made() -> None:
    flow = Flow()
    request = _request("POST", user_with(Role.ADMIN), {"name": "Ada"})
    response = flow.answer(request)
    assert (response.status_code, response["Location"]) == (302, "/names/Ada/")
    assert [str(m) for m in get_messages(request)] == ["Ada was saved."]
    assert flow.written == ["Ada"]
