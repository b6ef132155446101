from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict

from twofold import policies
from twofold.core.actors import actor_of
from twofold.core.dates import DateWindow
from twofold.core.web.responses import done
from twofold.policies import Perm

Result = TypeVar("Result")
FormT = TypeVar("FormT", bound=forms.BaseForm)


def keep_current_dates(form: forms.BaseForm) -> None:
    """On an edit form, a date the record already has stays valid though it left its window.

    Call it at the end of the form's ``__init__``; the view passes the record's values as
    ``initial`` on GET and on POST alike.
    """
    for name, field in form.fields.items():
        current = form.initial.get(name)
        if current in (None, "") or not isinstance(field, forms.DateField | forms.DateTimeField):
            continue
        try:
            current = field.to_python(current)
        except ValidationError:
            continue
        if current is None:
            continue
        field.validators = [
            v.keeping(current) if isinstance(v, DateWindow) else v for v in field.validators
        ]


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def submit_form(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], Result],
    message: str | Callable[[Result], str],
    next_url: str | Callable[[Result], str],
) -> HttpResponse | None:
    """Hand a valid form's cleaned data to one service call.

    When the service accepts it, flash ``message`` (or the text ``message`` makes of what the
    call returned) and answer with ``done``'s redirect to ``next_url`` (or the address it makes
    of what the call returned, such as the page of the record just created). Otherwise None:
    the form carries its own errors or the service's, for the view to render it again.
    """
    if not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    messages.success(request, message if isinstance(message, str) else message(result))
    return done(request, next_url if isinstance(next_url, str) else next_url(result))


def form_flow(
    request: HttpRequest,
    *,
    perms: Mapping[str, Perm],
    target: Any = None,
    form: Callable[[QueryDict | None], FormT],
    call: Callable[[dict[str, Any]], Result],
    message: str | Callable[[Result], str],
    next_url: str | Callable[[Result], str],
    page: Callable[[FormT], HttpResponse],
) -> HttpResponse:
    """The page of a form that one service call writes: the whole GET/POST flow.

    ``perms`` names the one permission each HTTP method needs (of ``target``, when the view
    has loaded the record the form is about); a method it does not name answers 405, and the
    permission is required before the form is built or the posted data read. ``form`` builds
    the form from the posted data (None on GET); ``page`` renders it, again with its errors
    after a refused post. A valid post goes to ``call`` as in ``submit_form``.
    """
    perm = perms.get(request.method or "")
    if perm is None:
        return HttpResponseNotAllowed(list(perms))
    policies.require(actor_of(request), perm, target)
    posted = request.POST if request.method == "POST" else None
    bound = form(posted)
    if posted is not None:
        saved = submit_form(request, bound, call, message, next_url)
        if saved is not None:
            return saved
    return page(bound)
