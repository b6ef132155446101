"""The form an admin edits a handbook page with. It only parses input; the service validates."""

from __future__ import annotations

from typing import Any

from django import forms

from twofold.handbook.models import RoleProfile
from twofold.handbook.services import REQUIRED

ONE_PER_LINE = "One per line."


def _lines(
    name: str, label: str, help_text: str, *, required: bool = True, rows: int = 6
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": REQUIRED[name]} if name in REQUIRED else None,
    )


class RoleProfileForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=80, error_messages={"required": REQUIRED["title"]}
    )
    summary = forms.CharField(
        label="Summary",
        help_text="Two or three sentences: why this job exists.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED["summary"]},
    )
    works_on = forms.CharField(
        label="Works on",
        max_length=200,
        help_text="What this role's work is about.",
        error_messages={"required": REQUIRED["works_on"]},
    )
    works_with = _lines(
        "works_with",
        "Works with",
        "Who this role works with, inside and outside. " + ONE_PER_LINE,
        required=False,
        rows=4,
    )
    responsibilities = _lines("responsibilities", "Responsibilities", ONE_PER_LINE, rows=8)
    skills = _lines("skills", "Skills", ONE_PER_LINE)
    measured_by = _lines(
        "measured_by",
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
        "may",
        "In Twofold, may",
        "What Twofold lets this role do. " + ONE_PER_LINE,
        required=False,
        rows=5,
    )
    may_not = _lines(
        "may_not",
        "In Twofold, may not",
        "What this role leaves to others. " + ONE_PER_LINE,
        required=False,
        rows=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Show every line of a list without scrolling inside the box.
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                text = str(self[name].value() or "")
                wanted = len(text.splitlines()) + 1
                field.widget.attrs["rows"] = max(int(field.widget.attrs.get("rows", 3)), wanted)

    @classmethod
    def initial_for(cls, profile: RoleProfile) -> dict[str, str]:
        return {name: getattr(profile, name) for name in cls.base_fields}
