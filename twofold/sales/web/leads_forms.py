"""Forms for the lead pages, the routing rules, the web-form admin and the public form."""

from __future__ import annotations

from typing import Any

from django import forms

from twofold.activities.models import LOGGED_KIND_CHOICES, ActivityKind
from twofold.core.dates import PLANNED
from twofold.core.money import CURRENCIES
from twofold.core.text_limits import limit_for
from twofold.people.models import Team, User
from twofold.sales.choices import LeadSource, LeadStatus, OpportunityKind
from twofold.sales.models import Lead, Partner, WebForm
from twofold.sales.services.leads import MANUAL_STATUSES

TEXT = forms.TextInput
SOURCE_CHOICES = [c for c in LeadSource.choices if c[0] != LeadSource.IMPORT]


class LeadForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    company_name = forms.CharField(label="Company", max_length=200, required=False)
    company_domain = forms.CharField(
        label="Company domain",
        max_length=200,
        required=False,
        help_text="e.g. example.com — taken from the e-mail when left empty.",
    )
    industry = forms.CharField(label="Industry", max_length=80, required=False)
    region = forms.CharField(label="Region", max_length=80, required=False)
    source = forms.ChoiceField(label="Source", choices=SOURCE_CHOICES, initial=LeadSource.COLD_CALL)
    partner = forms.ModelChoiceField(
        label="Partner", queryset=Partner.objects.none(), required=False
    )
    budget_amount = forms.DecimalField(
        label="Budget", max_digits=14, decimal_places=2, min_value=0, required=False
    )
    budget_currency = forms.ChoiceField(label="Currency", choices=CURRENCIES, initial="EUR")
    authority = forms.CharField(
        label="Authority", max_length=200, required=False, help_text="Who decides and signs."
    )
    need = forms.CharField(label="Need", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    timeline = forms.CharField(
        label="Timeline", max_length=120, required=False, help_text="When they want to buy."
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if partners is None:
            # Not the actor's to set (PARTNER_LINK): the field is not offered at all.
            del self.fields["partner"]
        else:
            self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class LeadEditForm(LeadForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[(v, label) for v, label in LeadStatus.choices if v in MANUAL_STATUSES],
    )

    def __init__(self, *args: Any, converted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if converted:
            del self.fields["status"]


class QualifyForm(forms.Form):
    bdm = forms.ModelChoiceField(
        label="Hand to",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose by rule (round-robin in the team)",
    )
    note = forms.CharField(label="Note for the BDM", max_length=500, required=False)
    kind = forms.ChoiceField(
        label="Offer as",
        choices=[
            (OpportunityKind.UPSELL, OpportunityKind.UPSELL.label),
            (OpportunityKind.CROSS_SELL, OpportunityKind.CROSS_SELL.label),
        ],
        required=False,
    )

    def __init__(self, *args: Any, bdms: Any, **kwargs: Any) -> None:
        # Ids of its own: the activity form on the same page has a "kind" and a "note" too.
        kwargs.setdefault("auto_id", "id_qualify_%s")
        super().__init__(*args, **kwargs)
        self.fields["bdm"].queryset = bdms  # type: ignore[attr-defined]


class DisqualifyForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=200, required=False, help_text="Required: why not a fit?"
    )


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(label="Give to", queryset=User.objects.none())
    reason = forms.CharField(label="Why", max_length=200, required=False)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=LOGGED_KIND_CHOICES, initial=ActivityKind.CALL)
    subject = forms.CharField(label="Subject", max_length=200, required=False)
    body = forms.CharField(
        label="Details", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    due_on = forms.DateField(
        label="Due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[PLANNED],
    )


class AssignmentRuleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    priority = forms.IntegerField(
        label="Priority", min_value=0, max_value=32767, initial=100, help_text="Lower runs first."
    )
    team = forms.ModelChoiceField(label="Sales team", queryset=Team.objects.none())
    source = forms.ChoiceField(
        label="Source", choices=[("", "Any source"), *LeadSource.choices], required=False
    )
    industry = forms.CharField(
        label="Industry", max_length=80, required=False, help_text="Empty: any industry."
    )
    region = forms.CharField(
        label="Region", max_length=80, required=False, help_text="Empty: any region."
    )
    is_active = forms.BooleanField(label="Active", required=False, initial=True)

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class WebFormForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120, help_text="e.g. “Contact page”.")
    thank_you_message = forms.CharField(
        label="Thank-you text",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Shown after a visitor sends the form.",
    )
    source = forms.ChoiceField(label="Lead source", choices=LeadSource.choices, initial="web_form")
    asks_industry = forms.BooleanField(label="Ask the visitor's industry", required=False)
    asks_region = forms.BooleanField(label="Ask the visitor's region", required=False)
    industry = forms.CharField(
        label="Default industry",
        max_length=80,
        required=False,
        help_text="For routing rules: given to each lead whose visitor does not say.",
    )
    region = forms.CharField(
        label="Default region",
        max_length=80,
        required=False,
        help_text="For routing rules: given to each lead whose visitor does not say.",
    )
    is_active = forms.BooleanField(label="Active", required=False, initial=True)
    new_key = forms.BooleanField(
        label="Generate a new key (the old embed stops working)", required=False
    )


class PublicLeadForm(forms.Form):
    """What a visitor fills in on a company's website. ``website`` is the honeypot: hidden from
    people, irresistible to bots."""

    full_name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="E-mail", max_length=254)
    company_name = forms.CharField(label="Company", max_length=200, required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    industry = forms.CharField(label="Your industry", max_length=80, required=False)
    region = forms.CharField(label="Your region", max_length=80, required=False)
    message = forms.CharField(
        label="How can we help?",
        max_length=limit_for(Lead, "message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(
        required=False,
        max_length=1_000_000,
        widget=TEXT(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, web_form: WebForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the routing questions the form's owner chose to ask.
        if not web_form.asks_industry:
            del self.fields["industry"]
        if not web_form.asks_region:
            del self.fields["region"]
