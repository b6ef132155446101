"""Forms of the deal's commercial side: items, terms, approvals, closing, partners, complaints
and the admin's sales settings. They parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from twofold.catalog.models import Product
from twofold.core.dates import HAPPENED, PLANNED
from twofold.core.text_limits import limit_for
from twofold.people.models import User
from twofold.sales.choices import ComplaintSeverity, PartnerKind, PartnerRole
from twofold.sales.models import ApprovalRequest, Complaint, LostReason, Partner

DATE = forms.DateInput(attrs={"type": "date"})


class ItemForm(forms.Form):
    product = forms.ModelChoiceField(label="Product", queryset=Product.objects.none())
    quantity = forms.DecimalField(label="Quantity", max_digits=10, decimal_places=2, initial=1)
    unit_price = forms.DecimalField(
        label="Unit price",
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Empty: the list price.",
    )
    discount_percent = forms.DecimalField(
        label="Discount %", max_digits=5, decimal_places=2, initial=0, required=False
    )

    def __init__(self, *args: Any, products: Any = None, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["product"]
            self.fields["unit_price"].required = True
            self.fields["unit_price"].help_text = ""
        else:
            self.fields["product"].queryset = products  # type: ignore[attr-defined]
            self.fields["product"].label_from_instance = (  # type: ignore[attr-defined]
                lambda p: f"{p.family} · tier {p.tier} · {p.name} ({p.list_price} {p.currency})"
            )


class TermsForm(forms.Form):
    discount_percent = forms.DecimalField(
        label="Discount %", max_digits=5, decimal_places=2, initial=0
    )
    net_days = forms.IntegerField(label="Payment terms (net days)", initial=30)
    instalment_count = forms.IntegerField(label="Instalments", initial=1)
    first_due_date = forms.DateField(
        label="First payment due",
        required=False,
        widget=DATE,
        help_text="Empty: after the net days.",
        validators=[PLANNED],
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=limit_for(ApprovalRequest, "comment"),
    )


class CloseWonForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount",
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="The sale is recorded at the approved terms' total: leave it empty.",
    )
    closed_on = forms.DateField(label="Won on", widget=DATE, validators=[HAPPENED])

    def __init__(self, *args: Any, sellers: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sellers = {str(u.pk): u for u in sellers or []}
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())

    def credits(self) -> list[tuple[User, Decimal]] | None:
        """Credit rows ``credit_seller`` / ``credit_percent`` (repeated); none: all to the owner."""
        sellers = self.data.getlist("credit_seller") if hasattr(self.data, "getlist") else []
        percents = self.data.getlist("credit_percent") if hasattr(self.data, "getlist") else []
        rows: list[tuple[User, Decimal]] = []
        for seller_id, raw in zip(sellers, percents, strict=False):
            if not seller_id and not raw:
                continue
            seller = self.sellers.get(seller_id)
            if seller is None:
                self.add_error(None, "Choose a seller for every credit row.")
                return None
            try:
                rows.append((seller, Decimal(raw)))
            except ArithmeticError:
                self.add_error(None, f"The share of {seller} must be a number.")
                return None
        return rows or None


class CloseLostForm(forms.Form):
    reason = forms.ModelChoiceField(
        label="Why was it lost?", queryset=LostReason.objects.filter(is_active=True)
    )
    competitor = forms.CharField(label="Competitor", max_length=120, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen?", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class PartnerForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=PartnerKind.choices)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_active = forms.BooleanField(label="Active", required=False, initial=True)


class PartnerContactForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="E-mail", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    job_title = forms.CharField(label="Job title", max_length=150, required=False)


class PartnerLinkForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner", queryset=Partner.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(label="Role", choices=PartnerRole.choices)


class LeadPartnerForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Partner",
        queryset=Partner.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="No partner",
    )


class ComplaintForm(forms.Form):
    summary = forms.CharField(label="Summary", max_length=200)
    details = forms.CharField(
        label="Details", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    severity = forms.ChoiceField(
        label="Severity", choices=ComplaintSeverity.choices, initial=ComplaintSeverity.MEDIUM
    )
    owner = forms.ModelChoiceField(
        label="Owner", queryset=User.objects.none(), required=False, help_text="Empty: you."
    )
    due_on = forms.DateField(label="Due", required=False, widget=DATE, validators=[PLANNED])

    def __init__(self, *args: Any, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="Resolution",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limit_for(Complaint, "resolution"),
    )


class PolicyForm(forms.Form):
    max_discount_percent = forms.DecimalField(
        label="Maximum discount %", max_digits=5, decimal_places=2
    )
    max_instalments = forms.IntegerField(label="Maximum instalments")
    max_net_days = forms.IntegerField(label="Maximum payment terms (net days)")
    stalled_after_days = forms.IntegerField(label="A deal is stalled after (days)")


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    tax_number = forms.CharField(label="VAT or tax id", max_length=40, required=False)
    tax_label = forms.CharField(label="Tax name on quotes", max_length=20, initial="VAT")
    tax_rate_percent = forms.DecimalField(label="Tax rate %", max_digits=5, decimal_places=2)
    quote_valid_days = forms.IntegerField(label="Quotes are valid for (days)")


class LostReasonForm(forms.Form):
    name = forms.CharField(label="Reason", max_length=120)
    order = forms.IntegerField(label="Position", initial=0, min_value=0, max_value=32767)
    is_active = forms.BooleanField(label="Offered when closing", required=False, initial=True)
