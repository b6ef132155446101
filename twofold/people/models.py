"""People: users who sign in with e-mail, the roles they hold and the teams they belong to."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from twofold.core.audit import HistorySource
from twofold.people.choices import Department, Role, TeamKind, role_side


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        user = self.model(email=self.normalize_email(email).strip(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        """The user who signs in as ``username``: addresses compare case-insensitively, on the
        same lowered form the unique index holds, whatever case each was typed in."""
        return self.alias(email_lower=Lower("email")).get(
            email_lower=(username or "").strip().lower()
        )

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Never deleted: deactivated, so their records keep pointing at them."""

    email = models.EmailField("e-mail", max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the Django back-office (staff only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[HistorySource], excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="people_user_email_ci_unique",
                violation_error_message="A user with this e-mail already exists.",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "full_name"], name="people_user_active_name")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Signing in stamps last_login; that is not a change to the person worth a history row.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            self.skip_history_when_saving = True
            try:
                super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
            return
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles this user holds (uses prefetched ``role_assignments`` when present)."""
        return frozenset(assignment.role for assignment in self.role_assignments.all())

    @property
    def role_labels(self) -> list[str]:
        return [label for value, label in Role.choices if value in self.roles]


class RoleAssignment(models.Model):
    """One role held by one user; a row per role so role lookups are indexed joins."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    assigned_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                name="people_role_assignment_unique",
                violation_error_message="This user already holds this role.",
            ),
        ]
        indexes = [models.Index(fields=["role", "user"], name="people_role_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def side(self) -> str:
        """Which half of the revenue team the role belongs to (for colour coding)."""
        return role_side(self.role)


class Team(models.Model):
    """A sales team (led by a sales lead), an account-management team (led by an account
    executive) or a department that works internal requests."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=24, choices=TeamKind.choices)
    department = models.CharField(
        max_length=16,
        choices=Department.choices,
        blank=True,
        help_text="Which department this is (departments only).",
    )
    lead = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="led_teams"
    )
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    members: models.ManyToManyField[User, TeamMembership] = models.ManyToManyField(
        User, through="TeamMembership", related_name="teams"
    )

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind=TeamKind.DEPARTMENT) & ~models.Q(department="")
                    | ~models.Q(kind=TeamKind.DEPARTMENT) & models.Q(department="")
                ),
                name="people_team_department_iff_kind",
                violation_error_message="A department needs a department type; other teams none.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(bases=[HistorySource])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                name="people_membership_unique",
                violation_error_message="This user is already a member of this team.",
            ),
        ]
        indexes = [models.Index(fields=["user", "team"], name="people_membership_user")]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class ApiToken(models.Model):
    """A named API key. Only a SHA-256 digest is stored; the key is shown once, at creation."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise the key.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[HistorySource], excluded_fields=["digest", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="people_token_user_active")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserSession(models.Model):
    """One browser signed in as a user: the link from the user to Django's session row, so the
    user (and an admin) can see where they are signed in and end it.

    A row is written at sign-in and kept when the session ends (``ended_at``): signing out,
    ending it from the sessions page, a password change or a deactivation. Only ends made on
    purpose (by the user or an admin) leave a history row; sign-ins and sign-outs do not.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="browser_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField("address", null=True, blank=True)
    user_agent = models.CharField("device", max_length=300, blank=True)
    created_at = models.DateTimeField("signed in", default=timezone.now)
    last_seen_at = models.DateTimeField("last seen", default=timezone.now)
    ended_at = models.DateTimeField("ended", null=True, blank=True)

    history = HistoricalRecords(
        bases=[HistorySource], excluded_fields=["session_key", "last_seen_at"]
    )

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        indexes = [models.Index(fields=["user", "ended_at"], name="people_session_user_open")]

    def __str__(self) -> str:
        return f"{self.device} since {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def device(self) -> str:
        """A short name such as "Firefox on Linux", read from the user agent."""
        return device_label(self.user_agent)


_BROWSERS = [  # the first match wins: Edge and Opera also say Chrome, Chrome also says Safari
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
]
_SYSTEMS = [
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def device_label(user_agent: str) -> str:
    """A short name for the browser and system a user agent names; "Unknown device" if none."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "Unknown device"
