"""Forms of the request pages; the services check the rules, the forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms

from twofold.departments.choices import Priority, RequestType
from twofold.departments.selectors import SlaRow
from twofold.people.choices import Department
from twofold.people.models import User


class RaiseForm(forms.Form):
    department = forms.ChoiceField(choices=Department.choices)
    type = forms.ChoiceField(choices=RequestType.choices)
    title = forms.CharField(max_length=200, label="What do you need?")
    details = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the department needs to know; they see only the account's name.",
    )
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.NORMAL)


class ResolveForm(forms.Form):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the account's timeline.",
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why is it declined?",
        help_text="Shown on the account's timeline.",
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label="Assign to")

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members  # type: ignore[attr-defined]


class SlaForm(forms.Form):
    """One hours field per department x priority, named ``hours_<department>_<priority>``."""

    def __init__(self, *args: Any, table: list[SlaRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in table:
            for cell in row.cells:
                self.fields[cell.field_name] = forms.IntegerField(
                    min_value=1,
                    max_value=24 * 90,
                    initial=cell.hours,
                    label=f"{row.label}, {Priority(cell.priority).label}",
                    widget=forms.NumberInput(attrs={"class": "sla-hours"}),
                )


def sla_hours(cleaned_data: dict[str, Any]) -> dict[tuple[str, str], int]:
    """The hours a valid SlaForm sets, by department and priority."""
    out: dict[tuple[str, str], int] = {}
    for name, value in cleaned_data.items():
        _, department, priority = name.split("_", 2)
        out[(department, priority)] = value
    return out
