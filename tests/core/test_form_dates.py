"""Every date field of every web form carries a date window, so a typed 9999-12-31 is an error
on the field, not a server error; an edit may keep the date the record already has."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, timedelta

import pytest
from django import forms
from django.utils import timezone

import twofold
from twofold.core.dates import PLANNED, DateWindow
from twofold.core.web.forms import keep_current_dates


def web_forms() -> list[type[forms.BaseForm]]:
    """The form classes defined in every ``twofold.<app>.web`` module."""
    found = []
    for module_info in pkgutil.walk_packages(twofold.__path__, "twofold."):
        if ".web." not in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        found.extend(
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, forms.BaseForm)
            and value.__module__ == module.__name__
        )
    return found


def date_fields() -> list[tuple[str, str, forms.Field]]:
    return [
        (form.__name__, name, field)
        for form in web_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    ]


def test_the_web_forms_have_date_fields_to_check():
    names = {(form, name) for form, name, _ in date_fields()}

    assert len(names) >= 15
    assert ("TermsForm", "first_due_date") in names


@pytest.mark.parametrize(
    ("form", "name", "field"), date_fields(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_date_field_of_every_web_form_uses_a_date_window(form, name, field):
    windows = [v for v in field.validators if isinstance(v, DateWindow)]

    assert len(windows) == 1, f"{form}.{name} has no date window"


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "1900-01-01"])
@pytest.mark.parametrize(("form", "name", "field"), date_fields(), ids=lambda v: "")
def test_an_extreme_date_is_an_error_on_its_field(form, name, field, typed):
    value = typed if isinstance(field, forms.DateField) else f"{typed}T09:00"

    with pytest.raises(forms.ValidationError) as caught:
        field.clean(value)

    assert caught.value.messages[0].startswith("Use a date from ")


class Edit(forms.Form):
    due_on = forms.DateField(validators=[PLANNED])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep_current_dates(self)


def test_an_edit_keeps_a_date_the_record_already_had():
    old = date(2001, 5, 1)

    form = Edit(data={"due_on": "2001-05-01"}, initial={"due_on": old})

    assert form.is_valid()


def test_an_edit_cannot_move_a_date_outside_the_window():
    form = Edit(data={"due_on": "1900-01-01"}, initial={"due_on": date(2001, 5, 1)})

    assert not form.is_valid()
    assert list(form.errors) == ["due_on"]


def test_a_new_record_gets_the_window_without_exception():
    soon = timezone.localdate() + timedelta(days=3)

    assert Edit(data={"due_on": soon.isoformat()}).is_valid()
    assert not Edit(data={"due_on": "9999-12-31"}).is_valid()
