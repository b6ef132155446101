"""About thirty people across every role and team, with fixed names and e-mails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password

from twofold.people import services
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import Team, User

DEMO_DOMAIN = "demo.twofold.test"


@dataclass(frozen=True)
class DemoPerson:
    login: str  # the part before @
    full_name: str
    job_title: str
    roles: tuple[str, ...]
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTeam:
    name: str
    kind: str
    lead: str | None  # login
    department: str = ""
    description: str = ""


TEAMS = [
    DemoTeam(
        "Sales — North",
        TeamKind.SALES,
        "saleslead",
        description="New business in the northern regions, including the agent network.",
    ),
    DemoTeam(
        "Sales — South",
        TeamKind.SALES,
        "saleslead2",
        description="New business in the southern regions.",
    ),
    DemoTeam(
        "Accounts — Enterprise",
        TeamKind.ACCOUNT_MANAGEMENT,
        "ae",
        description="Large customers and every key account.",
    ),
    DemoTeam(
        "Accounts — Mid-market",
        TeamKind.ACCOUNT_MANAGEMENT,
        "ae2",
        description="Growing customers of every industry.",
    ),
    DemoTeam(
        "Delivery",
        TeamKind.DEPARTMENT,
        "delivery",
        Department.DELIVERY,
        "Runs customer projects and milestones.",
    ),
    DemoTeam(
        "Support",
        TeamKind.DEPARTMENT,
        "support",
        Department.SUPPORT,
        "Answers customer tickets and incidents.",
    ),
    DemoTeam(
        "Finance",
        TeamKind.DEPARTMENT,
        "finance",
        Department.FINANCE,
        "Invoices, payment plans and credit notes.",
    ),
    DemoTeam(
        "Legal",
        TeamKind.DEPARTMENT,
        "legal",
        Department.LEGAL,
        "Contracts, amendments and data-protection questions.",
    ),
    DemoTeam(
        "Product",
        TeamKind.DEPARTMENT,
        "product",
        Department.PRODUCT,
        "Hears the client's voice and decides what changes.",
    ),
]

NORTH, SOUTH = "Sales — North", "Sales — South"
ENTERPRISE, MID = "Accounts — Enterprise", "Accounts — Mid-market"

PEOPLE = [
    DemoPerson("admin", "Alex Morgan", "Operations administrator", (Role.ADMIN,)),
    DemoPerson("saleslead", "Sofia Marín", "Head of sales, North", (Role.SALES_LEAD,), (NORTH,)),
    DemoPerson("saleslead2", "Daniel Okafor", "Head of sales, South", (Role.SALES_LEAD,), (SOUTH,)),
    DemoPerson("sdr", "Lena Fischer", "Lead generator", (Role.LEAD_GENERATOR,), (NORTH,)),
    DemoPerson("sdr2", "Tomás Silva", "Lead generator", (Role.LEAD_GENERATOR,), (NORTH,)),
    DemoPerson("sdr3", "Aisha Rahman", "Lead generator", (Role.LEAD_GENERATOR,), (SOUTH,)),
    DemoPerson("bdm", "Marco Rossi", "Business development manager", (Role.BDM,), (NORTH,)),
    DemoPerson("bdm2", "Hannah Becker", "Business development manager", (Role.BDM,), (NORTH,)),
    DemoPerson("bdm3", "Kwame Mensah", "Business development manager", (Role.BDM,), (SOUTH,)),
    DemoPerson("bdm4", "Julia Nowak", "Business development manager", (Role.BDM,), (SOUTH,)),
    DemoPerson("bdm5", "Ravi Iyer", "Business development manager", (Role.BDM,), (SOUTH,)),
    DemoPerson(
        "agent", "Pieter de Vries", "Independent agent (commission only)", (Role.AGENT,), (NORTH,)
    ),
    DemoPerson(
        "agent2", "Carmen López", "Independent agent (commission only)", (Role.AGENT,), (SOUTH,)
    ),
    DemoPerson(
        "ae", "Grace Liu", "Account executive, Enterprise", (Role.ACCOUNT_EXECUTIVE,), (ENTERPRISE,)
    ),
    DemoPerson(
        "ae2", "Oliver Brandt", "Account executive, Mid-market", (Role.ACCOUNT_EXECUTIVE,), (MID,)
    ),
    DemoPerson(
        "kam", "Nadia Haddad", "Key account manager", (Role.KEY_ACCOUNT_MANAGER,), (ENTERPRISE,)
    ),
    DemoPerson(
        "kam2", "Henrik Larsen", "Key account manager", (Role.KEY_ACCOUNT_MANAGER,), (ENTERPRISE,)
    ),
    DemoPerson("am", "Emma Clarke", "Account manager", (Role.ACCOUNT_MANAGER,), (ENTERPRISE,)),
    DemoPerson("am2", "Yusuf Demir", "Account manager", (Role.ACCOUNT_MANAGER,), (MID,)),
    DemoPerson("am3", "Chloé Martin", "Account manager", (Role.ACCOUNT_MANAGER,), (MID,)),
    DemoPerson("am4", "Ben Walker", "Account manager", (Role.ACCOUNT_MANAGER,), (MID,)),
    DemoPerson("am5", "Mei Tanaka", "Account manager", (Role.ACCOUNT_MANAGER,), (ENTERPRISE,)),
    DemoPerson(
        "solo",
        "Sam Porter",
        "Founder-seller: sells and looks after accounts",
        (Role.BDM, Role.ACCOUNT_MANAGER),
        (SOUTH, MID),
    ),
    DemoPerson(
        "delivery", "Ivan Petrov", "Delivery lead", (Role.DEPARTMENT_MEMBER,), ("Delivery",)
    ),
    DemoPerson(
        "delivery2", "Sara Lindqvist", "Project manager", (Role.DEPARTMENT_MEMBER,), ("Delivery",)
    ),
    DemoPerson("support", "Lucas Moreau", "Support lead", (Role.DEPARTMENT_MEMBER,), ("Support",)),
    DemoPerson(
        "support2", "Priya Nair", "Support engineer", (Role.DEPARTMENT_MEMBER,), ("Support",)
    ),
    DemoPerson(
        "finance", "Anna Kowalska", "Finance controller", (Role.DEPARTMENT_MEMBER,), ("Finance",)
    ),
    DemoPerson("legal", "Joseph Adeyemi", "Legal counsel", (Role.DEPARTMENT_MEMBER,), ("Legal",)),
    DemoPerson("product", "Elif Şahin", "Product manager", (Role.DEPARTMENT_MEMBER,), ("Product",)),
]


def email_of(login: str) -> str:
    return f"{login}@{DEMO_DOMAIN}"


def is_loaded() -> bool:
    return User.objects.filter(email=email_of("admin")).exists()


def load(*, progress: Callable[[str], None]) -> None:
    users: dict[str, User] = {}
    for person in PEOPLE:
        users[person.login] = services.user_create(
            actor=None,
            email=email_of(person.login),
            full_name=person.full_name,
            job_title=person.job_title,
            roles=person.roles,
        )
    # One deliberately slow Argon2 hash shared by every demo login, instead of thirty.
    hashed = make_password(settings.TWOFOLD_DEMO_PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password=hashed)
    progress(f"{len(users)} people")
    teams: dict[str, Team] = {}
    for team in TEAMS:
        teams[team.name] = services.team_create(
            actor=None,
            name=team.name,
            kind=team.kind,
            department=team.department,
            lead=users[team.lead] if team.lead else None,
            description=team.description,
        )
    for person in PEOPLE:
        if person.teams:
            services.user_set_teams(
                actor=None, user=users[person.login], teams=[teams[n] for n in person.teams]
            )
    progress(f"{len(teams)} teams")


def logins() -> list[tuple[str, str, str]]:
    """(e-mail, name, roles) of every demo person, for printing."""
    return [
        (email_of(p.login), p.full_name, ", ".join(Role(r).label for r in p.roles)) for p in PEOPLE
    ]
