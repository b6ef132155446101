"""The form an admin edits a handbook page with. It only parses input; the service validates."""

from __future__ import annotations

from django import forms

from twofold.handbook.models import RoleProfile

ONE_PER_LINE = "One per line."


def _lines(label: str, help_text: str, *, required: bool = True, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RoleProfileForm(forms.Form):
    title = forms.CharField(label="Title", max_length=80)
    summary = forms.CharField(
        label="Summary",
        help_text="Two or three sentences: why this job exists.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    works_on = forms.CharField(
        label="Works on", max_length=200, help_text="What this role's work is about."
    )
    works_with = _lines(
        "Works with",
        "Who this role works with, inside and outside. " + ONE_PER_LINE,
        required=False,
        rows=4,
    )
    responsibilities = _lines("Responsibilities", ONE_PER_LINE, rows=8)
    skills = _lines("Skills", ONE_PER_LINE)
    measured_by = _lines(
        "Measured by",
        "How this role's results are measured. " + ONE_PER_LINE,
        required=False,
        rows=4,
    )
    hand_over = forms.CharField(
        label="Part in the hand-over",
        help_text="What this role gives or receives when a client passes from sales to "
        "account management.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    may = _lines(
        "In Twofold, may",
        "What Twofold lets this role do. " + ONE_PER_LINE,
        required=False,
        rows=5,
    )
    may_not = _lines(
        "In Twofold, may not",
        "What this role leaves to others. " + ONE_PER_LINE,
        required=False,
        rows=3,
    )

    @classmethod
    def initial_for(cls, profile: RoleProfile) -> dict[str, str]:
        return {name: getattr(profile, name) for name in cls.base_fields}
