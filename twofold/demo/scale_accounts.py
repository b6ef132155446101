"""Synthetic customer accounts for benchmarks (issue 4, "Demo and scale").

Called by :func:`twofold.demo.scale.generate` after the sales volume: the generated companies
become customer accounts (one each, up to ``Scale.accounts``), their generated contacts the
accounts' contacts with a role, and each account gets a contract, a relationship owner and,
for the ones in care, interactions over about three years, internal requests, satisfaction
answers and, for some, budget lines.

* **Owners.** Key accounts (a contract of at least the policy's key-account value, about 3%)
  belong to the key account managers; the others to the account managers with a skewed
  (log-normal) load. At the large scale the eight demo carers could not hold 200,000
  accounts, so generated account managers in generated account-management teams (eight each,
  led by a generated account executive) take the rest: every carer has a few thousand.
* **Hand-overs.** The newest ``Scale.handovers`` accounts were won recently: each has a
  minimal won new-business deal (with its sale), its contract from that deal and a hand-over
  package; the newest 8% of those are still in hand-over (draft, waiting, sent back, some
  overdue), the rest accepted, some after a send-back round, and inside or past the shared
  window. Older accounts predate the system: their contract has no deal.
* **Consistency.** Every row is planned before the accounts are inserted, so the portfolio
  columns are written once and agree with the rows: ``last_contact_at`` is the latest call,
  meeting or e-mail, ``open_requests`` the open and in-progress requests, ``contract_end`` the
  contract's end, ``nps``/``csat`` the latest answers, ``budget_total`` this year's budget
  lines and ``sold_total`` this year's sales. Every relationship and plan owner has its
  ownership event.

Deterministic like the sales volume: its own seeded generator, so the same scale gives the
same rows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from twofold.accounts.choices import (
    AccountStatus,
    BillingFrequency,
    ContactRole,
    GoalHorizon,
    GoalStatus,
    InteractionKind,
    OwnershipKind,
    SurveyKind,
)
from twofold.accounts.models import (
    Account,
    AccountContact,
    AccountPolicy,
    BudgetLine,
    Contract,
    Goal,
    OwnershipEvent,
    SatisfactionResult,
)
from twofold.activities.models import Activity
from twofold.demo.volume import FIRST, LAST, Progress, Scale, id_range, insert_rows, max_pk
from twofold.departments.choices import (
    DEFAULT_SLA_HOURS,
    OPEN_REQUEST_STATUSES,
    Priority,
    RequestStatus,
    RequestType,
)
from twofold.departments.models import InternalRequest
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, HandoverRound
from twofold.parties.models import Company, Contact
from twofold.people import services as people_services
from twofold.people.choices import Department, Role, TeamKind
from twofold.people.models import RoleAssignment, Team, TeamMembership, User
from twofold.sales.choices import OpportunityKind, OpportunityStatus
from twofold.sales.models import Opportunity, Sale

if TYPE_CHECKING:
    from twofold.sales.models import Pipeline, Stage

YEARS_OF_CARE = 3
ACCOUNTS_PER_MANAGER = 2_500  # generated account managers: one per this many accounts
TEAM_SIZE = 8
PENDING_SHARE = 0.08  # of the hand-over slice, the newest still in hand-over
CONTACT_KINDS = (InteractionKind.CALL, InteractionKind.MEETING, InteractionKind.EMAIL)
LOGGED = (*CONTACT_KINDS, InteractionKind.NOTE)
SUBJECTS = {
    InteractionKind.CALL: ["Check-in call", "Call about the invoice", "Renewal call", "Escalation"],
    InteractionKind.MEETING: ["Quarterly business review", "On-site visit", "Roadmap session"],
    InteractionKind.EMAIL: ["Sent the usage report", "Answered a question", "Shared the plan"],
    InteractionKind.NOTE: ["Champion is changing roles", "Budget freeze rumoured", "Happy client"],
}
REQUEST_TYPES = {
    Department.DELIVERY: [RequestType.DELIVERY],
    Department.SUPPORT: [RequestType.SUPPORT, RequestType.PRODUCT],
    Department.FINANCE: [RequestType.BILLING],
    Department.LEGAL: [RequestType.CONTRACT],
    Department.PRODUCT: [RequestType.PRODUCT, RequestType.OTHER],
}
REQUEST_TITLES = {
    Department.DELIVERY: "Plan the next rollout phase",
    Department.SUPPORT: "Users cannot export reports",
    Department.FINANCE: "Split the invoice by cost centre",
    Department.LEGAL: "Review the data-processing terms",
    Department.PRODUCT: "Client asks for single sign-on",
}
BUYING_CENTRES = ["IT", "Operations", "Finance", "Marketing", "HR", "Logistics"]
ROLES = [
    ContactRole.DECISION_MAKER,
    ContactRole.CHAMPION,
    ContactRole.BUYER,
    ContactRole.FINANCE,
    ContactRole.TECHNICAL,
    ContactRole.USER,
    ContactRole.OTHER,
]
ROLE_WEIGHTS = [15, 15, 10, 10, 15, 25, 10]


@dataclass
class Plan:
    """One account as planned before any row is written; the lists hold its children."""

    company_id: int
    name: str
    created_at: datetime
    value: Decimal
    is_key: bool
    seller_id: int
    owner_id: int  # the carer it has, or is handed over to
    status: str = AccountStatus.MANAGED
    handover: str = ""  # the package's status for the hand-over slice
    accepted_at: datetime | None = None
    contacts: list[int] = field(default_factory=list)
    interactions: int = 0
    last_contact_at: datetime | None = None
    open_requests: int = 0
    nps: int | None = None
    csat: int | None = None
    budget: Decimal | None = None
    sold: Decimal = Decimal("0.00")


def _carers(rng: random.Random, accounts: int, password: str) -> tuple[list[int], list[int]]:
    """(account managers, key account managers) user ids: the demo's, plus generated account
    managers in generated teams at the larger scales (reused when they exist)."""
    managers = list(
        RoleAssignment.objects.filter(role=Role.ACCOUNT_MANAGER, user__is_active=True)
        .exclude(user__email__endswith="@scale.twofold.test")
        .values_list("user_id", flat=True)
        .order_by("user_id")
        .distinct()
    )
    kams = list(
        RoleAssignment.objects.filter(role=Role.KEY_ACCOUNT_MANAGER, user__is_active=True)
        .values_list("user_id", flat=True)
        .order_by("user_id")
        .distinct()
    )
    wanted = accounts // ACCOUNTS_PER_MANAGER
    for number in range(wanted):
        team_no = number // TEAM_SIZE + 1
        team = Team.objects.filter(name=f"Accounts — Region {team_no:02d}").first()
        if team is None:
            lead = people_services.user_create(
                actor=None,
                email=f"ae{team_no:02d}@scale.twofold.test",
                full_name=f"{FIRST[team_no % len(FIRST)]} {LAST[team_no % len(LAST)]}-{team_no}",
                job_title="Account executive (generated)",
                roles=[Role.ACCOUNT_EXECUTIVE],
            )
            team = people_services.team_create(
                actor=None,
                name=f"Accounts — Region {team_no:02d}",
                kind=TeamKind.ACCOUNT_MANAGEMENT,
                lead=lead,
                description="Generated for the benchmark scale.",
            )
            people_services.user_set_teams(actor=None, user=lead, teams=[team])
        email = f"am{number + 1:03d}@scale.twofold.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            user = people_services.user_create(
                actor=None,
                email=email,
                full_name=f"{first} {last}-{number + 1}",
                job_title="Account manager (generated)",
                roles=[Role.ACCOUNT_MANAGER],
                teams=[team],
            )
        managers.append(user.pk)
    # Generated carers sign in with the demo password, so benchmarks can act as them.
    User.objects.filter(email__endswith="@scale.twofold.test").update(password=password)
    return managers, kams


def _department_members() -> dict[str, list[int]]:
    members: dict[str, list[int]] = {d: [] for d in Department.values}
    rows = (
        TeamMembership.objects.filter(team__kind=TeamKind.DEPARTMENT, team__is_active=True)
        .values_list("team__department", "user_id")
        .order_by("team__department", "user_id")
    )
    for department, user_id in rows:
        members.setdefault(department, []).append(user_id)
    return members


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max((end - start).total_seconds(), 0.0)
    return start + timedelta(seconds=rng.random() * span)


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """``total`` divided in proportion to ``weights``, exactly (the remainder to the heaviest)."""
    whole = sum(weights)
    if total == 0 or whole == 0:
        return [0] * len(weights)
    counts = [int(total * w / whole) for w in weights]
    rest = total - sum(counts)
    heaviest = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in range(rest):
        counts[heaviest[i % len(heaviest)]] += 1
    return counts


def generate(
    scale: Scale,
    *,
    companies: tuple[int, int],
    contacts: tuple[int, int],
    pipeline: Pipeline,
    won: Stage,
    sellers: list[int],
    now: datetime,
    progress: Progress,
    seed: int,
) -> None:
    """Make ``scale.accounts`` of the generated companies customer accounts (see the module)."""
    rng = random.Random(seed + 4)  # noqa: S311 - synthetic data, not security
    first_company, last_company = companies
    n = min(scale.accounts, last_company - first_company + 1)
    slice_size = min(scale.handovers, n)
    password = (
        User.objects.filter(email__endswith="@demo.twofold.test")
        .values_list("password", flat=True)
        .first()
        or "!"
    )
    managers, kams = _carers(rng, n, password)
    if not managers or not kams:
        raise RuntimeError("Load the demo organisation first (twofold demo).")
    members = _department_members()
    policy = AccountPolicy.current()
    key_value = policy.key_account_min_value
    today = timezone.localdate(now)
    life = timedelta(days=365 * YEARS_OF_CARE)
    start_of_care = now - life
    # Each account manager's share: log-normal, so some carry twice the average.
    loads = [rng.lognormvariate(0, 0.45) for _ in managers]
    names = dict(
        Company.objects.filter(pk__range=(first_company, first_company + n - 1)).values_list(
            "pk", "name"
        )
    )

    plans: list[Plan] = []
    for k in range(n):
        # Older accounts first: the newest ``slice_size`` were won in the last few months.
        created = start_of_care + life * (k / max(n, 1)) + timedelta(hours=rng.random() * 20)
        created = min(created, now - timedelta(hours=1))
        value = Decimal(min(int(math.exp(rng.gauss(9.8, 0.9))), 2_000_000)).quantize(Decimal("1"))
        is_key = value >= key_value
        owner = rng.choice(kams) if is_key else rng.choices(managers, loads)[0]
        company_id = first_company + k
        plans.append(
            Plan(
                company_id=company_id,
                name=names[company_id][:200],
                created_at=created,
                value=value,
                is_key=is_key,
                seller_id=rng.choice(sellers),
                owner_id=owner,
                accepted_at=created + timedelta(hours=rng.randrange(2, 96)),
            )
        )

    # The hand-over slice: the newest accounts; its newest 8% still in hand-over.
    pending_from = n - max(1, round(slice_size * PENDING_SHARE)) if slice_size else n
    for k in range(n - slice_size, n):
        plan = plans[k]
        if k >= pending_from:
            plan.handover = rng.choices(
                [HandoverStatus.DRAFT, HandoverStatus.SUBMITTED, HandoverStatus.SENT_BACK],
                [25, 55, 20],
            )[0]
            plan.status = AccountStatus.IN_HANDOVER
            plan.accepted_at = None
        else:
            plan.handover = HandoverStatus.ACCEPTED
            assert plan.accepted_at is not None  # noqa: S101
            plan.accepted_at = min(plan.accepted_at, now - timedelta(minutes=5))

    # Contacts: every generated contact of a company that became an account.
    last_account_company = first_company + n - 1
    contact_rows = (
        Contact.objects.filter(
            pk__range=contacts,
            company_id__gte=first_company,
            company_id__lte=last_account_company,
        )
        .values_list("pk", "company_id")
        .order_by("pk")
    )
    for contact_id, company_id in contact_rows.iterator(chunk_size=20_000):
        plans[company_id - first_company].contacts.append(contact_id)
    account_contacts = sum(len(p.contacts) for p in plans)

    managed = [k for k, p in enumerate(plans) if p.status == AccountStatus.MANAGED]

    # Interactions: older and busier accounts have more; the latest is a real contact.
    weights = [0.0] * n
    for k in managed:
        age = (now - plans[k].created_at).days + 1
        weights[k] = age**0.7 * rng.lognormvariate(0, 0.8)
    counts = _split(rng, scale.interactions, weights)
    for k in managed:
        plan = plans[k]
        plan.interactions = counts[k]
        if counts[k]:
            since = plan.accepted_at or plan.created_at
            ago = timedelta(days=rng.expovariate(1 / 25), seconds=rng.randrange(86_400))
            plan.last_contact_at = max(now - ago, since)

    # Internal requests: mostly resolved long ago, the recent ones often still open.
    requests: list[tuple[Any, ...]] = []
    departments = list(REQUEST_TYPES)
    for _ in range(scale.requests if managed else 0):
        k = rng.choice(managed)
        plan = plans[k]
        department = rng.choices(departments, [30, 35, 15, 10, 10])[0]
        raised = _between(rng, plan.accepted_at or plan.created_at, now)
        recent = (now - raised).days < 14
        status = rng.choices(
            list(RequestStatus),
            [40, 30, 25, 5] if recent else [1, 1, 93, 5],
        )[0]
        if status in OPEN_REQUEST_STATUSES:
            plan.open_requests += 1
        requests.append((k, department, raised, status))

    # Satisfaction: about two in five managed accounts answered, one to four times.
    surveys: list[tuple[int, str, int, date]] = []
    for k in managed:
        if rng.random() >= 0.4:
            continue
        plan = plans[k]
        taken = sorted(
            _between(rng, plan.accepted_at or plan.created_at, now).date()
            for _ in range(rng.randint(1, 4))
        )
        for day in taken:
            kind = rng.choice([SurveyKind.NPS, SurveyKind.CSAT])
            score = (
                rng.choices(range(11), [1, 1, 1, 2, 2, 4, 6, 10, 16, 14, 10])[0]
                if kind == SurveyKind.NPS
                else rng.choices(range(1, 6), [1, 2, 6, 12, 8])[0]
            )
            surveys.append((k, kind, score, day))
            setattr(plan, "nps" if kind == SurveyKind.NPS else "csat", score)

    # Budget lines: key accounts and one in ten others, last year and this year.
    budgets: list[tuple[int, int, str, Decimal]] = []
    for k in managed:
        plan = plans[k]
        if not plan.is_key and rng.random() >= 0.1:
            continue
        for year in (today.year - 1, today.year):
            for centre in rng.sample(BUYING_CENTRES, rng.randint(1, 3)):
                amount = (plan.value * Decimal(rng.uniform(0.3, 1.5))).quantize(Decimal("1.00"))
                budgets.append((k, year, centre, amount))
                if year == today.year:
                    plan.budget = (plan.budget or Decimal("0.00")) + amount

    # The hand-over slice's won deals: their sales this year are what we sold this year.
    for k in range(n - slice_size, n):
        plan = plans[k]
        if plan.created_at.date().year == today.year:
            plan.sold = plan.value.quantize(Decimal("1.00"))

    _write(
        scale=scale,
        rng=rng,
        plans=plans,
        slice_size=slice_size,
        account_contacts=account_contacts,
        managed=managed,
        requests=requests,
        surveys=surveys,
        budgets=budgets,
        members=members,
        pipeline=pipeline,
        won=won,
        policy=policy,
        now=now,
        progress=progress,
    )


def _one_year_from(start: date) -> date:
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def _term(created: date, today: date) -> tuple[date, date]:
    """The current yearly term of a contract signed on ``created`` (renewed every year)."""
    start = created
    while _one_year_from(start) < today:
        start = _one_year_from(start) + timedelta(days=1)
    return start, _one_year_from(start)


def _write(
    *,
    scale: Scale,
    rng: random.Random,
    plans: list[Plan],
    slice_size: int,
    account_contacts: int,
    managed: list[int],
    requests: list[tuple[Any, ...]],
    surveys: list[tuple[int, str, int, date]],
    budgets: list[tuple[int, int, str, Decimal]],
    members: dict[str, list[int]],
    pipeline: Pipeline,
    won: Stage,
    policy: AccountPolicy,
    now: datetime,
    progress: Progress,
) -> None:
    n = len(plans)
    today = timezone.localdate(now)
    window = timedelta(days=policy.shared_window_days)
    sla = timedelta(hours=policy.handover_sla_hours)
    terms = [_term(p.created_at.date(), today) for p in plans]

    account_base = max_pk(Account)

    def accounts() -> Iterator[dict[str, Any]]:
        for k, plan in enumerate(plans):
            care = plan.status == AccountStatus.MANAGED
            step = care and rng.random() < 0.6
            yield {
                "company_id": plan.company_id,
                "name": plan.name,
                "status": plan.status,
                "is_key": plan.is_key,
                "seller_id": plan.seller_id,
                "relationship_owner_id": plan.owner_id if care else None,
                "plan_owner_id": plan.owner_id if care and plan.is_key else None,
                "shared_until": plan.accepted_at + window if plan.accepted_at else None,
                "currency": "EUR",
                "annual_value": plan.value,
                "created_at": plan.created_at,
                "accepted_at": plan.accepted_at,
                "last_contact_at": plan.last_contact_at,
                "next_step": rng.choice(["Quarterly review", "Renewal talk", "Send the plan"])
                if step
                else "",
                "next_step_due": today + timedelta(days=rng.randrange(-10, 45)) if step else None,
                "open_requests": plan.open_requests,
                "contract_end": terms[k][1],
                "budget_total": plan.budget,
                "sold_total": plan.sold,
                "nps": plan.nps,
                "csat": plan.csat,
            }

    insert_rows("accounts", Account, n, accounts(), progress)
    first_account, _ = id_range(Account, account_base) if n else (0, 0)

    def account_contact_rows() -> Iterator[dict[str, Any]]:
        for k, plan in enumerate(plans):
            for i, contact_id in enumerate(plan.contacts):
                yield {
                    "account_id": first_account + k,
                    "contact_id": contact_id,
                    "role": rng.choices(ROLES, ROLE_WEIGHTS)[0],
                    "is_primary": i == 0,
                    "notes": "",
                }

    insert_rows(
        "account contacts", AccountContact, account_contacts, account_contact_rows(), progress
    )

    # The hand-over slice's won deals and their sales.
    opportunity_base = max_pk(Opportunity)
    slice_start = n - slice_size

    def deals() -> Iterator[dict[str, Any]]:
        for k in range(slice_start, n):
            plan = plans[k]
            closed = plan.created_at
            opened = closed - timedelta(days=rng.randrange(20, 150))
            yield {
                "name": f"{plan.name[:150]} new business",
                "kind": OpportunityKind.NEW_BUSINESS,
                "pipeline_id": pipeline.pk,
                "stage_id": won.pk,
                "status": OpportunityStatus.WON,
                "owner_id": plan.seller_id,
                "company_id": plan.company_id,
                "contact_id": plan.contacts[0] if plan.contacts else None,
                "amount": plan.value,
                "currency": "EUR",
                "expected_close_date": closed.date(),
                "closed_on": closed.date(),
                "stage_entered_at": closed,
                "created_at": opened,
                "updated_at": closed,
            }

    insert_rows("won deals", Opportunity, slice_size, deals(), progress)
    first_deal, _ = id_range(Opportunity, opportunity_base) if slice_size else (0, 0)

    def sales() -> Iterator[dict[str, Any]]:
        for j, k in enumerate(range(slice_start, n)):
            plan = plans[k]
            yield {
                "opportunity_id": first_deal + j,
                "amount": plan.value,
                "currency": "EUR",
                "closed_on": plan.created_at.date(),
                "recorded_by_id": plan.seller_id,
                "recorded_at": plan.created_at,
            }

    insert_rows("sales", Sale, slice_size, sales(), progress)

    def contracts() -> Iterator[dict[str, Any]]:
        for k, plan in enumerate(plans):
            starts, ends = terms[k]
            in_slice = k >= slice_start
            yield {
                "account_id": first_account + k,
                "opportunity_id": first_deal + k - slice_start if in_slice else None,
                "starts_on": starts,
                "ends_on": ends,
                "value": plan.value,
                "currency": "EUR",
                "billing": rng.choice(list(BillingFrequency)),
                "net_days": rng.choice([14, 30, 30, 45, 60]),
                "instalment_count": rng.choice([1, 1, 4, 12]),
                "created_at": plan.created_at,
            }

    insert_rows("contracts", Contract, n, contracts(), progress)

    # Hand-over packages, their send-back rounds and the goals they carried over.
    package_base = max_pk(HandoverPackage)
    rounds: list[tuple[int, datetime, int, bool]] = []  # (package index, asked at, by, answered)

    def packages() -> Iterator[dict[str, Any]]:
        for j, k in enumerate(range(slice_start, n)):
            plan = plans[k]
            status = plan.handover
            filled = status != HandoverStatus.DRAFT or rng.random() < 0.5
            submitted = (
                None
                if status == HandoverStatus.DRAFT
                else min(plan.created_at + timedelta(hours=rng.randrange(1, 30)), now)
            )
            send_backs = 0
            if status == HandoverStatus.SENT_BACK:
                send_backs = 1
                rounds.append((j, _between(rng, submitted or now, now), plan.owner_id, False))
            elif status == HandoverStatus.ACCEPTED and rng.random() < 0.12:
                send_backs = 1
                asked = _between(rng, submitted or plan.created_at, plan.accepted_at or now)
                rounds.append((j, asked, plan.owner_id, True))

            def text(words: str, filled: bool = filled) -> str:
                return words if filled else ""

            yield {
                "opportunity_id": first_deal + j,
                "account_id": first_account + k,
                "seller_id": plan.seller_id,
                "receiver_id": None if status == HandoverStatus.DRAFT else plan.owner_id,
                "status": status,
                "short_term_goals": text("Go live with the first team within 60 days."),
                "long_term_goals": text("Roll out to every site; cut reporting time in half."),
                "expectations": text("A named contact and a monthly check-in."),
                "success_criteria": text("80% weekly active users after three months."),
                "budget": f"{plan.value} EUR a year",
                "negotiated_terms": "Standard terms, net 30.",
                "stakeholders": text("CFO (sponsor), IT lead (champion)"),
                "promises": "Onboarding workshop in the first month." if filled else "",
                "risks": rng.choice(["", "A competitor is still in the building."]),
                "open_complaints": "",
                "created_at": plan.created_at,
                "first_submitted_at": submitted,
                "submitted_at": submitted,
                "due_at": submitted + sla if submitted else None,
                "accepted_at": plan.accepted_at if status == HandoverStatus.ACCEPTED else None,
                "accepted_by_id": plan.owner_id if status == HandoverStatus.ACCEPTED else None,
                "send_backs": send_backs,
            }

    insert_rows("hand-overs", HandoverPackage, slice_size, packages(), progress)
    first_package, _ = id_range(HandoverPackage, package_base) if slice_size else (0, 0)

    def round_rows() -> Iterator[dict[str, Any]]:
        for j, asked, by, answered in rounds:
            k = slice_start + j
            yield {
                "package_id": first_package + j,
                "number": 1,
                "questions": "Who signs the purchase orders, and is the pilot scope fixed?",
                "asked_by_id": by,
                "asked_at": asked,
                "answer": "The CFO signs; the pilot is the Berlin site only." if answered else "",
                "answered_by_id": plans[k].seller_id if answered else None,
                "answered_at": asked + timedelta(hours=6) if answered else None,
            }

    insert_rows("hand-over rounds", HandoverRound, len(rounds), round_rows(), progress)

    def goals() -> Iterator[dict[str, Any]]:
        for k in range(slice_start, n):
            plan = plans[k]
            for horizon, title in (
                (GoalHorizon.SHORT, "Go live with the first team"),
                (GoalHorizon.LONG, "Roll out to every site"),
            ):
                yield {
                    "account_id": first_account + k,
                    "horizon": horizon,
                    "title": title,
                    "success_criteria": "80% weekly active users",
                    "status": rng.choice(list(GoalStatus)[:3]),
                    "progress": rng.randrange(0, 80),
                    "review_on": today + timedelta(days=rng.randrange(7, 180)),
                    "from_handover": True,
                    "created_at": plan.accepted_at or plan.created_at,
                    "updated_at": plan.accepted_at or plan.created_at,
                }

    insert_rows("goals", Goal, 2 * slice_size, goals(), progress)

    # Every relationship and plan owner is an event (the ownership report reads them).
    events = sum(1 + plans[k].is_key for k in managed)

    def ownership_events() -> Iterator[dict[str, Any]]:
        for k in managed:
            plan = plans[k]
            at = plan.accepted_at or plan.created_at
            from_handover = bool(plan.handover)
            kinds = [OwnershipKind.RELATIONSHIP] + ([OwnershipKind.PLAN] if plan.is_key else [])
            for kind in kinds:
                yield {
                    "kind": kind,
                    "account_id": first_account + k,
                    "previous_id": None,
                    "new_id": plan.owner_id,
                    "changed_by_id": plan.owner_id if from_handover else None,
                    "at": at,
                    "reason": "Accepted the hand-over"
                    if from_handover
                    else "Owner when the account was brought in",
                }

    insert_rows("ownership", OwnershipEvent, events, ownership_events(), progress)

    def interactions() -> Iterator[dict[str, Any]]:
        for k in managed:
            plan = plans[k]
            count = plan.interactions
            if not count:
                continue
            assert plan.last_contact_at is not None  # noqa: S101
            since = plan.accepted_at or plan.created_at
            moments = sorted(_between(rng, since, plan.last_contact_at) for _ in range(count - 1))
            kinds = [rng.choice(LOGGED) for _ in range(count - 1)]
            # The latest is the last contact; notes never count as one.
            moments.append(plan.last_contact_at)
            kinds.append(rng.choice(CONTACT_KINDS))
            people = plan.contacts
            for i, (moment, kind) in enumerate(zip(moments, kinds, strict=True)):
                yield {
                    "account_id": first_account + k,
                    "kind": kind,
                    "subject": rng.choice(SUBJECTS[kind]),
                    "body": "",
                    "occurred_at": moment,
                    "owner_id": plan.owner_id,
                    "contact_id": people[i % len(people)] if people and i % 2 else None,
                    "created_at": moment,
                }

    total = sum(plans[k].interactions for k in managed)
    insert_rows("interactions", Activity, total, interactions(), progress)

    def request_rows() -> Iterator[dict[str, Any]]:
        for k, department, raised, status in requests:
            plan = plans[k]
            priority = rng.choices(list(Priority), [15, 60, 20, 5])[0]
            people = members.get(department) or []
            assignee = rng.choice(people) if people and status != RequestStatus.OPEN else None
            closed = status in (RequestStatus.RESOLVED, RequestStatus.DECLINED)
            resolved = min(raised + timedelta(hours=rng.randrange(1, 120)), now) if closed else None
            yield {
                "account_id": first_account + k,
                "department": department,
                "type": rng.choice(REQUEST_TYPES[department]),
                "title": REQUEST_TITLES[department],
                "details": "",
                "priority": priority,
                "status": status,
                "raised_by_id": plan.owner_id,
                "raised_at": raised,
                "due_at": raised + timedelta(hours=DEFAULT_SLA_HOURS[priority]),
                "assignee_id": assignee,
                "outcome": "Done as asked." if status == RequestStatus.RESOLVED else "",
                "resolved_at": resolved,
                "resolved_by_id": assignee if closed else None,
            }

    insert_rows("requests", InternalRequest, len(requests), request_rows(), progress)

    def survey_rows() -> Iterator[dict[str, Any]]:
        for k, kind, score, day in surveys:
            plan = plans[k]
            yield {
                "account_id": first_account + k,
                "kind": kind,
                "score": score,
                "taken_on": day,
                "contact_id": plan.contacts[0] if plan.contacts else None,
                "comment": "",
                "recorded_by_id": plan.owner_id,
                "created_at": now,
            }

    insert_rows("satisfaction", SatisfactionResult, len(surveys), survey_rows(), progress)

    def budget_rows() -> Iterator[dict[str, Any]]:
        for k, year, centre, amount in budgets:
            yield {
                "account_id": first_account + k,
                "year": year,
                "buying_centre": centre,
                "amount": amount,
                "currency": "EUR",
                "notes": "",
            }

    insert_rows("budget lines", BudgetLine, len(budgets), budget_rows(), progress)
