from __future__ import annotations

from django.core.exceptions import ValidationError


def describe(exc: ValidationError) -> str:
    """A ValidationError as one line naming each field, for the command line."""
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
