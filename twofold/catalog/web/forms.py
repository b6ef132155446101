from __future__ import annotations

from django import forms

from twofold.catalog.models import OfferingKind
from twofold.core.money import CURRENCIES


class ProductForm(forms.Form):
    code = forms.CharField(label="Code", max_length=40)
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=OfferingKind.choices)
    family = forms.CharField(label="Family", max_length=80, help_text="e.g. Analytics.")
    tier = forms.IntegerField(label="Tier", min_value=1, initial=1, help_text="1 = entry level.")
    list_price = forms.DecimalField(label="List price", max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label="Currency", choices=CURRENCIES, initial="EUR")
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_active = forms.BooleanField(label="Sold (active)", required=False, initial=True)
