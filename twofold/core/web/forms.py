from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from twofold.core.dates import DateWindow
from twofold.core.web.responses import done

Result = TypeVar("Result")


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
    next_url: str,
) -> HttpResponse | None:
    """Hand a valid form's cleaned data to one service call.

    When the service accepts it, flash ``message`` (or the text ``message`` makes of what the
    call returned) and answer with ``done``'s redirect to ``next_url``. Otherwise return None:
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
    return done(request, next_url)
