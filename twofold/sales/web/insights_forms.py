"""Forms of the sales reports and sales meetings: they parse input; services judge it."""

from __future__ import annotations

from typing import Any

from django import forms

from twofold.core.dates import MEETING, PLANNED
from twofold.core.text_limits import limit_for
from twofold.people.models import Team, User
from twofold.sales.models import Opportunity, SalesMeeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReportFilterForm(forms.Form):
    """Only renders the filters (``from``, ``to``, ``team``); the selector parses them."""

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(label="From", widget=DATE, required=False)
        self.fields["to"] = forms.DateField(label="To", widget=DATE, required=False)
        self.fields["team"] = forms.ChoiceField(
            label="Team",
            required=False,
            choices=[("", "All my teams"), *[(str(t.pk), t.name) for t in teams]],
        )


class MeetingForm(forms.Form):
    team = forms.ModelChoiceField(label="Team", queryset=Team.objects.none())
    scheduled_for = forms.DateTimeField(label="When", widget=DATETIME, validators=[MEETING])

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=limit_for(SalesMeeting, "notes"),
    )


class DecisionForm(forms.Form):
    opportunity = forms.ChoiceField(label="Deal", required=False)
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 3}))
    action_subject = forms.CharField(
        label="Action item",
        max_length=200,
        required=False,
        help_text="Becomes a task: on the deal, or for the team at large on this meeting.",
    )
    action_owner = forms.ModelChoiceField(
        label="Task for",
        queryset=User.objects.none(),
        required=False,
        help_text="The deal's owner, if empty; for the team at large, choose who.",
    )
    action_due_on = forms.DateField(label="Due", widget=DATE, required=False, validators=[PLANNED])

    def __init__(self, *args: Any, deals: list[Opportunity], owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].choices = [  # type: ignore[attr-defined]
            ("", "The team at large"),
            *[(str(deal.pk), f"{deal.name} — {deal.owner.full_name}") for deal in deals],
        ]
        self.fields["action_owner"].queryset = owners  # type: ignore[attr-defined]
