from __future__ import annotations

from typing import Any

from django import forms

from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import Team, User


class UserForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="E-mail", help_text="They sign in with this address.")
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="One person may hold several roles: small companies combine them.",
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = teams  # type: ignore[attr-defined]
        self.fields["teams"].label_from_instance = (  # type: ignore[attr-defined]
            lambda team: f"{team.name} ({team.get_kind_display().lower()})"
        )


class UserCreateForm(UserForm):
    invite = forms.BooleanField(
        label="E-mail an invitation to choose a password", required=False, initial=True
    )


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        required=False,
        help_text="Kept in the user's history, e.g. “left the company”.",
    )


class TeamForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    kind = forms.ChoiceField(label="Kind", choices=TeamKind.choices)
    department = forms.ChoiceField(
        label="Department",
        choices=[("", "—"), *Department.choices],
        required=False,
        help_text="Departments only: which one this is.",
    )
    lead = forms.ModelChoiceField(
        label="Lead",
        queryset=User.objects.none(),
        required=False,
        help_text="Sales teams are led by a sales lead, account-management teams by an "
        "account executive.",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label="Active (untick to archive)", required=False, initial=True)

    def __init__(self, *args: Any, users: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = users  # type: ignore[attr-defined]
        self.fields["members"].queryset = users  # type: ignore[attr-defined]
        if editing:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = "The kind of a team does not change."
        else:
            del self.fields["is_active"]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=80, help_text="What uses this token, e.g. “nightly export”."
    )
