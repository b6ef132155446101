"""Forms of the deal pages: they parse input; the services judge it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from twofold.activities.models import LOGGED_KIND_CHOICES, ActivityKind
from twofold.core.dates import PLANNED
from twofold.core.money import CURRENCIES
from twofold.core.web.forms import keep_current_dates
from twofold.parties.models import Contact
from twofold.people.models import User
from twofold.sales.choices import OpportunityKind, StageKind
from twofold.sales.models import Pipeline

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _money() -> forms.DecimalField:
    return forms.DecimalField(
        label="Amount", max_digits=14, decimal_places=2, min_value=Decimal("0"), initial=0
    )


class OpportunityCreateForm(forms.Form):
    name = forms.CharField(label="Deal name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=OpportunityKind.choices)
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, help_text="You, if empty."
    )
    pipeline = forms.ModelChoiceField(
        label="Pipeline", queryset=Pipeline.objects.none(), required=False
    )
    company = forms.CharField(
        label="Company", max_length=200, required=False, help_text="Its exact name."
    )
    amount = _money()
    currency = forms.ChoiceField(label="Currency", choices=CURRENCIES, initial="EUR")
    expected_close_date = forms.DateField(
        label="Expected close", required=False, widget=DATE, validators=[PLANNED]
    )

    def __init__(self, *args: Any, owners: Any, pipelines: Any, kinds: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["pipeline"].queryset = pipelines  # type: ignore[attr-defined]
        self.fields["pipeline"].empty_label = "The default pipeline"  # type: ignore[attr-defined]


class OpportunityEditForm(forms.Form):
    name = forms.CharField(label="Deal name", max_length=200)
    expected_close_date = forms.DateField(
        label="Expected close", required=False, widget=DATE, validators=[PLANNED]
    )
    next_step = forms.CharField(label="Next step", max_length=200, required=False)
    next_step_due = forms.DateField(
        label="Next step due", required=False, widget=DATE, validators=[PLANNED]
    )
    contact = forms.ModelChoiceField(
        label="Contact", queryset=Contact.objects.none(), required=False
    )
    currency = forms.ChoiceField(label="Currency", choices=CURRENCIES)
    amount = _money()
    buying_centre = forms.CharField(
        label="Buying centre",
        max_length=120,
        required=False,
        help_text="The client's department that buys; sets the deal against its budget.",
    )

    def __init__(self, *args: Any, contacts: list[Contact], amount_locked: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in contacts]
        )
        if amount_locked:
            self.fields["amount"].disabled = True
            self.fields["amount"].help_text = "The line items compute the amount."
        keep_current_dates(self)


class MoveForm(forms.Form):
    stage = forms.IntegerField(label="Move to")


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(label="New owner", queryset=User.objects.none())
    reason = forms.CharField(
        label="Why", max_length=200, help_text="Kept with the deal, e.g. “territory change”."
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


def _text(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StrategyForm(forms.Form):
    approach = _text("Approach", "How we win this deal.")
    key_messages = _text("Key messages", "What the buyer must hear from us.")
    risks = _text("Risks", "What could lose it, and who could block it.")
    next_steps = _text("Next steps", "What the owner does next, in order.")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=LOGGED_KIND_CHOICES, initial=ActivityKind.CALL)
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(
        label="Due", required=False, widget=DATE, help_text="Tasks only.", validators=[PLANNED]
    )


class PipelineForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    is_default = forms.BooleanField(label="Default pipeline (new deals open here)", required=False)
    is_active = forms.BooleanField(label="Active (untick to archive)", required=False, initial=True)


class StageForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Stage", max_length=80, required=False)
    probability = forms.IntegerField(label="Win %", min_value=0, max_value=100, required=False)
    kind = forms.ChoiceField(label="Kind", choices=StageKind.choices, initial=StageKind.OPEN)
    remove = forms.BooleanField(label="Remove", required=False)


StageFormSet = forms.formset_factory(StageForm, extra=2)
