"""Forms of the portfolio and the account page: quick-log, contacts, reassignment."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from twofold.accounts.choices import ContactRole, InteractionKind
from twofold.core.dates import HAPPENED, PLANNED
from twofold.people.models import User

LOG_KINDS = [
    (InteractionKind.CALL.value, InteractionKind.CALL.label),
    (InteractionKind.MEETING.value, InteractionKind.MEETING.label),
    (InteractionKind.EMAIL.value, InteractionKind.EMAIL.label),
    (InteractionKind.NOTE.value, InteractionKind.NOTE.label),
]


class QuickLogForm(forms.Form):
    """A call, meeting, e-mail or note in a few keystrokes: kind, subject, Enter."""

    kind = forms.ChoiceField(
        choices=LOG_KINDS, initial=InteractionKind.CALL, widget=forms.RadioSelect
    )
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Details", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact = forms.TypedChoiceField(label="With", coerce=int, required=False, empty_value=None)
    occurred_at = forms.DateTimeField(
        label="When",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Empty: now.",
        validators=[HAPPENED],
    )
    next_step = forms.CharField(max_length=200, required=False)
    next_step_due = forms.DateField(
        label="Due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[PLANNED],
    )

    def __init__(self, *args: Any, contacts: list[Any], kinds: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        contact_field = cast(forms.ChoiceField, self.fields["contact"])
        contact_field.choices = [("", "—")] + [
            (link.contact_id, link.contact.full_name) for link in contacts
        ]
        kind_field = cast(forms.ChoiceField, self.fields["kind"])
        kind_field.choices = [c for c in LOG_KINDS if c[0] in kinds]
        if kinds == [InteractionKind.NOTE.value]:
            self.fields["kind"].initial = InteractionKind.NOTE
        self.fields["subject"].widget.attrs.update(
            {"placeholder": "What happened, in a few words", "autocomplete": "off"}
        )


class ContactAddForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=150)
    role = forms.ChoiceField(choices=ContactRole.choices, initial=ContactRole.OTHER)
    job_title = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    is_primary = forms.BooleanField(label="Primary contact", required=False)


class ContactEditForm(forms.Form):
    role = forms.ChoiceField(choices=ContactRole.choices)
    is_primary = forms.BooleanField(label="Primary contact", required=False)
    notes = forms.CharField(max_length=300, required=False)


class ReassignForm(forms.Form):
    new_owner = forms.TypedChoiceField(label="New account manager", coerce=int)
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, people: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        owner_field = cast(forms.ChoiceField, self.fields["new_owner"])
        owner_field.choices = [("", "Choose…")] + [
            (person.pk, person.full_name) for person in people
        ]


def now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")
