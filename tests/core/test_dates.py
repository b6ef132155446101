"""The named windows a typed date must fall in, and the one error they give."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers

from twofold.core.dates import HAPPENED, MEETING, PLANNED, changed, years_from

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("window", "earliest", "latest"),
    [
        (PLANNED, date(2025, 3, 15), date(2036, 3, 15)),
        (MEETING, date(2025, 3, 15), date(2027, 3, 15)),
        (HAPPENED, date(2000, 1, 1), date(2026, 3, 16)),
    ],
)
def test_each_window_runs_between_its_named_bounds(window, earliest, latest):
    assert window.bounds(TODAY) == (earliest, latest)


@pytest.mark.parametrize("window", [PLANNED, MEETING, HAPPENED])
@pytest.mark.parametrize("day", [date.min, date(1900, 1, 1), date(1999, 12, 31), date.max])
def test_extreme_days_are_outside_every_window(window, day):
    assert not window.contains(day, TODAY)


def test_a_date_time_is_judged_by_its_day():
    assert PLANNED.contains(datetime(2030, 1, 1, 12, tzinfo=UTC), TODAY)
    assert not PLANNED.contains(datetime.max.replace(tzinfo=UTC), TODAY)


def test_the_29th_of_february_a_year_on_is_the_28th():
    assert years_from(date(2028, 2, 29), 1) == date(2029, 2, 28)


def test_a_service_gets_one_message_per_field_outside_the_window(settings):
    errors = PLANNED.errors(due_on=date(9999, 12, 31), review_on=None)

    assert list(errors) == ["due_on"]
    assert errors["due_on"].startswith("Use a date from ")


def test_check_refuses_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        PLANNED.check(first_due_date=date(1900, 1, 1))

    assert list(caught.value.message_dict) == ["first_due_date"]


def test_an_edit_judges_only_the_dates_it_changes():
    class Deal:
        expected_close_date = date(2001, 1, 1)
        next_step_due = None

    values = changed(Deal(), expected_close_date=date(2001, 1, 1), next_step_due=date(2030, 1, 1))

    assert values == {"next_step_due": date(2030, 1, 1)}


def test_a_form_field_with_the_window_shows_its_error_on_the_field():
    class Form(forms.Form):
        due_on = forms.DateField(validators=[PLANNED])

    form = Form(data={"due_on": "9999-12-31"})

    assert not form.is_valid()
    assert form.errors["due_on"][0].startswith("Use a date from ")


def test_a_serializer_field_with_the_window_names_the_field():
    class Input(serializers.Serializer):
        due_on = serializers.DateField(validators=[PLANNED])

    data = Input(data={"due_on": "0001-01-01"})

    assert not data.is_valid()
    assert str(data.errors["due_on"][0]).startswith("Use a date from ")
