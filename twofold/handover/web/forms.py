"""Forms of the hand-over pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from twofold.handover.models import REQUIRED_FIELDS, HandoverPackage, RoutingRule
from twofold.people.models import User

TEXT = {"rows": 4}


class PackageForm(forms.ModelForm):
    class Meta:
        model = HandoverPackage
        fields = [
            "short_term_goals",
            "long_term_goals",
            "expectations",
            "success_criteria",
            "budget",
            "negotiated_terms",
            "stakeholders",
            "promises",
            "risks",
            "open_complaints",
        ]
        labels = {
            "short_term_goals": "Short-term goals",
            "long_term_goals": "Long-term goals",
            "success_criteria": "Success criteria",
            "negotiated_terms": "Negotiated terms",
            "stakeholders": "Key stakeholders",
            "open_complaints": "Open complaints",
        }
        help_texts = {
            "short_term_goals": "One goal per line: each becomes a goal on the account.",
            "long_term_goals": "One goal per line.",
            "stakeholders": "Who decides, who uses, who pays, and what each cares about.",
        }
        widgets = {name: forms.Textarea(attrs=TEXT) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A draft may be saved half-filled; the service names what submitting still needs.
        for name, field in self.fields.items():
            field.required = False
            if name in REQUIRED_FIELDS:
                field.optional_note = "(needed to submit)"  # type: ignore[attr-defined]
        self.fields["negotiated_terms"].widget.attrs["rows"] = 9


class RouteForm(forms.Form):
    receiver: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Receiving account manager"
    )

    def __init__(self, *args: Any, receivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = receivers  # type: ignore[attr-defined]


class SendBackForm(forms.Form):
    questions = forms.CharField(
        widget=forms.Textarea(attrs=TEXT),
        help_text="What you need to know before you take the account over.",
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs=TEXT),
        help_text="Your answers go to the account manager with the package, submitted again.",
    )


class AccountPolicyForm(forms.Form):
    handover_sla_hours = forms.IntegerField(
        label="Hand-over SLA (hours)",
        min_value=1,
        help_text="A submitted hand-over not accepted within this is overdue.",
    )
    shared_window_days = forms.IntegerField(
        label="Shared window (days)",
        min_value=0,
        help_text="Days after acceptance during which the seller may still add notes.",
    )
    key_account_min_value = forms.DecimalField(
        label="Key account from (yearly value)",
        min_value=0,
        decimal_places=2,
        max_digits=14,
        help_text="A contract worth at least this per year makes a key account.",
    )


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["name", "order", "team", "industry", "region", "key_accounts_only", "is_active"]
        help_texts = {"order": "Lower is tried first."}
        labels = {"is_active": "Active", "key_accounts_only": "Key accounts only"}

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
