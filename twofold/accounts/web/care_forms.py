"""Forms of the care tabs: they parse input; the services judge it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from twofold.accounts.choices import (
    FeedbackKind,
    FeedbackStatus,
    GoalHorizon,
    GoalStatus,
    MilestoneStatus,
    ProjectStatus,
    SurveyKind,
)
from twofold.accounts.models import VoiceRequest
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.money import CURRENCIES
from twofold.core.web.forms import keep_current_dates
from twofold.parties.models import Contact
from twofold.people.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people(form: forms.Form, name: str, queryset: Any) -> None:
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    horizon = forms.ChoiceField(label="Horizon", choices=GoalHorizon.choices)
    title = forms.CharField(label="Goal", max_length=200)
    success_criteria = forms.CharField(
        label="Success criteria", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(label="Status", choices=GoalStatus.choices, initial="open")
    progress = forms.IntegerField(label="Progress (%)", initial=0)
    review_on = forms.DateField(
        label="Review on", required=False, widget=DATE, validators=[PLANNED]
    )
    reason = forms.CharField(
        label="Why", max_length=200, required=False, help_text="Kept in the goal's history."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_current_dates(self)


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label="Year")
    buying_centre = forms.CharField(
        label="Buying centre", max_length=120, help_text="The client's department that buys."
    )
    amount = forms.DecimalField(label="Budget", max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label="Currency", choices=CURRENCIES)
    notes = forms.CharField(label="Notes", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ProjectForm(forms.Form):
    name = forms.CharField(label="Project", max_length=200)
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none())
    status = forms.ChoiceField(label="Status", choices=ProjectStatus.choices, initial="planned")
    starts_on = forms.DateField(label="Starts", required=False, widget=DATE, validators=[PLANNED])
    due_on = forms.DateField(label="Due", required=False, widget=DATE, validators=[PLANNED])
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, owners: Any, with_status: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _people(self, "owner", owners)
        if not with_status:
            del self.fields["status"]
        keep_current_dates(self)


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Milestone", max_length=200)
    deliverable = forms.CharField(label="Deliverable", max_length=300, required=False)
    owner = forms.ModelChoiceField(label="Owner", queryset=User.objects.none(), required=False)
    due_on = forms.DateField(label="Due", widget=DATE, validators=[PLANNED])
    status = forms.ChoiceField(label="Status", choices=MilestoneStatus.choices, initial="open")

    def __init__(self, *args: Any, owners: Any, with_status: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _people(self, "owner", owners)
        if not with_status:
            del self.fields["status"]
        keep_current_dates(self)


def _contacts(form: forms.Form, contacts: Any) -> None:
    form.fields["contact"].queryset = contacts  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=FeedbackKind.choices)
    title = forms.CharField(label="In one line", max_length=200)
    body = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.ModelChoiceField(
        label="Who said it", queryset=Contact.objects.none(), required=False
    )
    # Chosen among the open requests offered as the title is typed; none: the service
    # attaches to the request of the same title or opens a new one.
    request = forms.ModelChoiceField(
        label="Request",
        queryset=VoiceRequest.objects.filter(merged_into__isnull=True),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _contacts(self, contacts)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label="Merge into",
        queryset=VoiceRequest.objects.all(),
        error_messages={"required": "Choose the request to merge into."},
    )


class TriageForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=FeedbackStatus.choices)
    response = forms.CharField(
        label="Response", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SatisfactionForm(forms.Form):
    kind = forms.ChoiceField(label="Survey", choices=SurveyKind.choices)
    score = forms.IntegerField(label="Score", help_text="NPS 0 to 10, CSAT 1 to 5.")
    taken_on = forms.DateField(
        label="Answered on", required=False, widget=DATE, validators=[HAPPENED]
    )
    contact = forms.ModelChoiceField(
        label="Who answered", queryset=Contact.objects.none(), required=False
    )
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _contacts(self, contacts)


class AmendmentForm(forms.Form):
    total = forms.DecimalField(label="Total", max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label="Currency", choices=CURRENCIES)
    discount_percent = forms.DecimalField(
        label="Discount (%)", max_digits=5, decimal_places=2, initial=Decimal("0")
    )
    net_days = forms.IntegerField(label="Net days", initial=30)
    instalment_count = forms.IntegerField(label="Instalments", initial=1)
    notes = forms.CharField(
        label="What changed and why", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
