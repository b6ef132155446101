"""A handbook page turned into a job description a hiring manager can paste into an advert."""

from __future__ import annotations

import re

from twofold.handbook.models import RoleProfile

# What would start a heading, quote, list or rule at the beginning of a line.
_BLOCK_MARK = re.compile(r"^(?:(\d+)([.)])(?=\s|$)|([#>+*=-]))")


def _safe(line: str) -> str:
    """Keep an admin's line as one list item or paragraph, whatever characters it starts with."""
    return _BLOCK_MARK.sub(_escape, line.strip())


def _escape(match: re.Match[str]) -> str:
    if match.group(3):
        return "\\" + match.group(3)
    return match.group(1) + "\\" + match.group(2)


def _bullets(items: list[str]) -> list[str]:
    return [f"- {_safe(item)}" for item in items]


def _paragraphs(text: str) -> list[str]:
    return [_safe(line) for line in text.splitlines() if line.strip()]


def role_profile_markdown(profile: RoleProfile) -> str:
    """The job description for ``profile``'s role, in Markdown, ending with one newline."""
    parts: list[list[str]] = [
        [f"# {_safe(profile.title)}"],
        _paragraphs(profile.summary),
        [f"**Team:** {profile.get_side_display()}"],
        [f"**Works on:** {_safe(profile.works_on)}"],
        ["## What you will do", "", *_bullets(profile.responsibility_list)],
        ["## What you bring", "", *_bullets(profile.skill_list)],
    ]
    if profile.works_with_list:
        parts.append(["## Who you will work with", "", *_bullets(profile.works_with_list)])
    if profile.measured_by_list:
        parts.append(["## How success is measured", "", *_bullets(profile.measured_by_list)])
    stops: list[str] = []
    if profile.may_not_list:
        stops += ["This role does not:", "", *_bullets(profile.may_not_list)]
    hand_over = _paragraphs(profile.hand_over)
    if hand_over:
        hand_over[0] = f"**In the hand-over:** {hand_over[0]}"
        stops += ["", *hand_over] if stops else hand_over
    if stops:
        parts.append(["## Where this role stops", "", *stops])
    return "\n\n".join("\n".join(part) for part in parts if part) + "\n"
