"""Every write to people, roles and teams, with the rules that guard it (their API tokens and
signed-in sessions: ``people.access``).

Each service takes the acting user as ``actor`` (``None`` means the operator at the command
line or the system itself, who is trusted), checks the policy, validates, and writes in one
transaction with its history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.people import access
from twofold.people.choices import TEAM_LEAD_ROLE, TEAM_MEMBER_ROLES, Department, Role, TeamKind
from twofold.people.models import (
    RoleAssignment,
    Team,
    TeamMembership,
    User,
)
from twofold.policies import Perm


def _authorize(actor: User | None, perm: Perm, obj: object = None) -> None:
    if actor is not None:
        policies.require(actor, perm, obj)


def _user_errors(user: User) -> dict[str, list[str]]:
    """Every problem with a user's fields at once, the duplicate e-mail included."""
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    duplicate = User.objects.filter(email__iexact=user.email).exclude(pk=user.pk).exists()
    if "email" not in errors and duplicate:
        errors["email"] = ["A user with this e-mail already exists."]
    return errors


def _clean_roles(roles: Iterable[str]) -> set[str]:
    chosen = set(roles)
    unknown = chosen - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown role: {', '.join(sorted(unknown))}."})
    return chosen


# --- Users ----------------------------------------------------------------------------------


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    job_title: str = "",
    phone: str = "",
    roles: Iterable[str] = (),
    teams: Iterable[Team] = (),
    password: str | None = None,
    invite: bool = False,
) -> User:
    """Create a user with their roles and teams.

    Without a password the account cannot sign in until the person follows the invitation
    e-mail (sent when ``invite`` is true) and chooses one.
    """
    _authorize(actor, Perm.USER_MANAGE)
    user = User(
        email=(email or "").strip(),
        full_name=(full_name or "").strip(),
        job_title=job_title,
        phone=phone,
    )
    errors = _user_errors(user)
    if password:
        user.set_password(password)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = exc.messages
    else:
        user.set_unusable_password()
    if errors:
        raise ValidationError(errors)
    attribute(user, actor, "Created")
    user.save()
    user_set_roles(actor=actor, user=user, roles=roles)
    user_set_teams(actor=actor, user=user, teams=teams)
    if invite:
        user_invite(actor=actor, user=user)
    return user


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    email: str,
    job_title: str = "",
    phone: str = "",
) -> User:
    """Change a user's name, e-mail and contact details."""
    _authorize(actor, Perm.USER_MANAGE, user)
    user.full_name = (full_name or "").strip()
    user.email = (email or "").strip()
    user.job_title = job_title
    user.phone = phone
    errors = _user_errors(user)
    if errors:
        raise ValidationError(errors)
    attribute(user, actor, "Details changed")
    user.save()
    return user


@transaction.atomic
def user_change(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    email: str,
    job_title: str = "",
    phone: str = "",
    roles: Iterable[str] | None = None,
    teams: Iterable[Team] | None = None,
) -> User:
    """Edit a user's details, roles and teams together: all of it is saved, or none.

    Leaving teams comes first, so a move from a sales team to an account-management team with
    the matching change of roles is judged on where the user ends up, not on the way there.
    """
    user_update(
        actor=actor,
        user=user,
        full_name=full_name,
        email=email,
        job_title=job_title,
        phone=phone,
    )
    wanted_teams = None if teams is None else list(teams)
    if wanted_teams is not None:
        wanted_ids = {team.pk for team in wanted_teams}
        staying = [
            m.team for m in user.memberships.select_related("team") if m.team_id in wanted_ids
        ]
        user_set_teams(actor=actor, user=user, teams=staying)
    if roles is not None:
        user_set_roles(actor=actor, user=user, roles=roles)
    if wanted_teams is not None:
        user_set_teams(actor=actor, user=user, teams=wanted_teams)
    return user


@transaction.atomic
def user_set_roles(*, actor: User | None, user: User, roles: Iterable[str]) -> User:
    """Give ``user`` exactly ``roles``. Refused when it would leave a team without a fitting
    lead or the organisation without an active admin."""
    _authorize(actor, Perm.USER_MANAGE, user)
    wanted = _clean_roles(roles)
    current = {a.role: a for a in RoleAssignment.objects.select_for_update().filter(user=user)}
    removed = set(current) - wanted
    for team in Team.objects.filter(lead=user, is_active=True):
        needed = TEAM_LEAD_ROLE[TeamKind(team.kind)]
        if needed in removed:
            raise ValidationError(
                {
                    "roles": f"{user} leads {team.name}, which needs the role "
                    f"{Role(needed).label}. Choose another lead first."
                }
            )
    for membership in TeamMembership.objects.filter(user=user).select_related("team"):
        allowed = TEAM_MEMBER_ROLES[TeamKind(membership.team.kind)]
        if not wanted & allowed:
            raise ValidationError(
                {
                    "roles": f"{user} is a member of {membership.team.name}, which needs one of: "
                    f"{', '.join(Role(r).label for r in sorted(allowed))}."
                }
            )
    if Role.ADMIN in removed and user.is_active:
        _ensure_another_admin(user)
    for role in sorted(removed):
        assignment = current[role]
        attribute(assignment, actor, "Role removed")
        assignment.delete()
    for role in sorted(wanted - set(current)):
        assignment = RoleAssignment(user=user, role=role)
        attribute(assignment, actor, "Role given")
        assignment.save()
    user.__dict__.pop("roles", None)  # forget the cached role set
    return user


def _ensure_another_admin(user: User) -> None:
    others = RoleAssignment.objects.filter(role=Role.ADMIN, user__is_active=True).exclude(user=user)
    if not others.exists():
        raise ValidationError({"roles": "Twofold needs at least one active admin."})


@transaction.atomic
def user_set_teams(*, actor: User | None, user: User, teams: Iterable[Team]) -> User:
    """Make ``user`` a member of exactly ``teams``; each must fit one of the user's roles."""
    _authorize(actor, Perm.USER_MANAGE, user)
    wanted = {team.pk: team for team in teams}
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    for team in wanted.values():
        _check_member_fits(team, user, roles)
    current = {m.team_id: m for m in TeamMembership.objects.filter(user=user)}
    for team_id in sorted(set(current) - set(wanted)):
        membership = current[team_id]
        attribute(membership, actor, "Left team")
        membership.delete()
    for team_id in sorted(set(wanted) - set(current)):
        membership = TeamMembership(team=wanted[team_id], user=user)
        attribute(membership, actor, "Joined team")
        membership.save()
    return user


def _check_member_fits(team: Team, user: User, roles: set[str]) -> None:
    allowed = TEAM_MEMBER_ROLES[TeamKind(team.kind)]
    if not roles & allowed:
        raise ValidationError(
            {
                "teams": f"{user} cannot join {team.name}: members need one of "
                f"{', '.join(Role(r).label for r in sorted(allowed))}."
            }
        )


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User, reason: str = "") -> User:
    """Stop a user from signing in and using the API. The row stays: records point at it."""
    _authorize(actor, Perm.USER_MANAGE, user)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError("You cannot deactivate yourself.", code="self_deactivation")
    if not user.is_active:
        return user
    if policies.is_admin(user):
        _ensure_another_admin(user)
    led = list(Team.objects.filter(lead=user, is_active=True).values_list("name", flat=True))
    if led:
        raise ValidationError(
            f"{user} leads {', '.join(led)}. Choose another lead first.", code="leads_team"
        )
    user.is_active = False
    user.deactivated_at = timezone.now()
    attribute(user, actor, reason or "Deactivated")
    user.save()
    access.everything_end(user=user, actor=actor, reason="Owner deactivated")
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    """Let a deactivated user sign in again (their old API tokens stay revoked)."""
    _authorize(actor, Perm.USER_MANAGE, user)
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    attribute(user, actor, "Reactivated")
    user.save()
    return user


def user_invite(*, actor: User | None, user: User) -> str:
    """E-mail ``user`` a link to choose their password; returns the link."""
    _authorize(actor, Perm.USER_MANAGE, user)
    if not user.is_active:
        raise ValidationError("Reactivate this user before inviting them.", code="inactive")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    link = settings.TWOFOLD_BASE_URL.rstrip("/") + path
    inviter = str(actor) if actor is not None else "Your administrator"
    message = (
        f"{inviter} has given you an account on Twofold.\n\n"
        f"Choose your password here (the link works for three days):\n{link}\n\n"
        f"Then sign in with {user.email}."
    )
    # Sent after commit: a rolled-back creation must not leave an invitation in someone's inbox.
    transaction.on_commit(
        lambda: send_mail(
            subject="You are invited to Twofold",
            message=message,
            from_email=None,
            recipient_list=[user.email],
        )
    )
    return link


# --- Teams ----------------------------------------------------------------------------------


def _check_team(kind: str, department: str, lead: User | None) -> None:
    if kind not in TeamKind.values:
        raise ValidationError({"kind": "Choose a kind of team."})
    if kind == TeamKind.DEPARTMENT and department not in Department.values:
        raise ValidationError({"department": "A department needs its type."})
    if kind != TeamKind.DEPARTMENT and department:
        raise ValidationError({"department": "Only departments have a department type."})
    if lead is not None:
        needed = TEAM_LEAD_ROLE[TeamKind(kind)]
        if not lead.is_active:
            raise ValidationError({"lead": f"{lead} is deactivated."})
        if not policies.may_lead_team(lead, kind):
            raise ValidationError(
                {
                    "lead": f"The lead of a {TeamKind(kind).label.lower()} must be a "
                    f"{Role(needed).label.lower()}; {lead} is not."
                }
            )


@transaction.atomic
def team_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    department: str = "",
    lead: User | None = None,
    description: str = "",
    members: Iterable[User] = (),
) -> Team:
    """Create a sales team, an account-management team or a department."""
    _authorize(actor, Perm.TEAM_MANAGE)
    _check_team(kind, department, lead)
    if Team.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A team with this name already exists."})
    team = Team(
        name=name.strip(), kind=kind, department=department, lead=lead, description=description
    )
    team.full_clean()
    attribute(team, actor, "Created")
    check_text(team)
    team.save()
    team_set_members(actor=actor, team=team, members=members)
    return team


@transaction.atomic
def team_update(
    *,
    actor: User | None,
    team: Team,
    name: str,
    lead: User | None,
    description: str = "",
    department: str | None = None,
    is_active: bool = True,
    members: Iterable[User] | None = None,
) -> Team:
    """Rename a team, change its lead or description, archive or restore it.

    The kind of a team never changes: its members were chosen for it.
    """
    _authorize(actor, Perm.TEAM_MANAGE, team)
    department = team.department if department is None else department
    _check_team(team.kind, department, lead)
    if Team.objects.filter(name__iexact=name.strip()).exclude(pk=team.pk).exists():
        raise ValidationError({"name": "A team with this name already exists."})
    team.name = name.strip()
    team.lead = lead
    team.description = description
    team.department = department
    team.is_active = is_active
    team.full_clean()
    attribute(team, actor, "Changed")
    check_text(team)
    team.save()
    if members is not None:
        team_set_members(actor=actor, team=team, members=members)
    return team


@transaction.atomic
def team_set_members(*, actor: User | None, team: Team, members: Iterable[User]) -> Team:
    """Make ``members`` exactly the members of ``team``."""
    _authorize(actor, Perm.TEAM_MANAGE, team)
    wanted = {user.pk: user for user in members}
    roles_by_user: dict[int, set[str]] = {pk: set() for pk in wanted}
    for user_id, role in RoleAssignment.objects.filter(user_id__in=wanted).values_list(
        "user_id", "role"
    ):
        roles_by_user[user_id].add(role)
    for pk, user in wanted.items():
        _check_member_fits(team, user, roles_by_user[pk])
    current = {m.user_id: m for m in TeamMembership.objects.filter(team=team)}
    for user_id in sorted(set(current) - set(wanted)):
        membership = current[user_id]
        attribute(membership, actor, "Removed from team")
        membership.delete()
    for user_id in sorted(set(wanted) - set(current)):
        membership = TeamMembership(team=team, user=wanted[user_id])
        attribute(membership, actor, "Added to team")
        membership.save()
    return team
