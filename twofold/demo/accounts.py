"""The demo's customer accounts in every state, made through the hand-over, account and
department services on top of the deals ``sales`` won.

``configure`` runs before the sales load, so each won deal's hand-over is routed by the rules
(key accounts, industry, region). Each account has a planned account manager; where the rules
picked someone else, the account executive routes the package by hand, as one would.
``load`` then works the hand-overs in the order the deals were won: the newest single-deal
accounts stay in hand-over (just won, a draft, one waiting, one overdue, one sent back with a
question, one answered and resubmitted); the rest are accepted, some after a send-back, the
newest inside the seller's shared window, one by the founder-seller who sold it. On accepted
accounts the account managers add contacts, log calls, meetings, e-mails and notes with next
steps, keep goals, budgets and projects, raise internal requests (worked by the departments),
record the client's feedback and surveys and renegotiate terms; an account executive moves one
account to another account manager.

Everything is decided by one ``random.Random(SEED)`` and by dates relative to today. As in
``sales``, the services stamp rows with "now"; a last pass (``_Clock``) moves the hand-overs,
acceptances, ownership events, requests, amendments and feedback to when they happened.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Model
from django.utils import timezone

from twofold.accounts.choices import (
    ContactRole,
    FeedbackStatus,
    GoalStatus,
    InteractionKind,
    MilestoneStatus,
    ProjectStatus,
    SurveyKind,
)
from twofold.accounts.models import (
    Account,
    AccountPolicy,
    Contract,
    Feedback,
    Goal,
    Milestone,
    OwnershipEvent,
    Project,
    TermAmendment,
)
from twofold.accounts.services import (
    amendments,
    budget,
    contacts,
    goals,
    interactions,
    projects,
    reassign,
    satisfaction,
    voice,
)
from twofold.activities.models import Activity
from twofold.demo.accounts_texts import (
    ANSWERS,
    BODIES,
    BUYING_CENTRES,
    EXPANSION,
    EXPECTATIONS,
    FEEDBACK,
    GOALS,
    KIND_WEIGHTS,
    NEXT_STEPS,
    PROMISES,
    QUESTIONS,
    REQUESTS,
    RISKS,
    STAKEHOLDERS,
    SUBJECTS,
)
from twofold.demo.people import DEMO_DOMAIN, ENTERPRISE, MID
from twofold.demo.sales import FIRST_NAMES, LAST_NAMES
from twofold.departments import services as departments
from twofold.departments.choices import Priority
from twofold.departments.models import InternalRequest
from twofold.handover import services as handover
from twofold.handover.choices import HandoverStatus
from twofold.handover.configuration import routing_rule_save
from twofold.handover.models import HandoverPackage, HandoverRound, RoutingRule
from twofold.parties.models import Contact
from twofold.people.choices import Department
from twofold.people.models import Team, User

SEED = 2027
KEY_RULE = "Key accounts to the Enterprise team"
# name, order, industry, region, key accounts only, team
ROUTING_RULES = (
    (KEY_RULE, 10, "", "", True, ENTERPRISE),
    ("Manufacturing to the Enterprise team", 20, "Manufacturing", "", False, ENTERPRISE),
    ("Healthcare to the Enterprise team", 30, "Healthcare", "", False, ENTERPRISE),
    ("DACH to the Enterprise team", 40, "", "DACH", False, ENTERPRISE),
    ("Everything else to the Mid-market team", 100, "", "", False, MID),
)
# Whom each team's account executive gives the accounts the rules sent to the team.
CARERS = {ENTERPRISE: ("am", "am5"), MID: ("am2", "am3", "am4")}
KEY_CARERS = ("kam", "kam2")
EXECUTIVE = {ENTERPRISE: "ae", MID: "ae2"}
FOUNDER = "solo"  # sells and looks after what they sold (small-company mode)

ACCEPTED, SELF, WINDOW = "accepted", "self", "window"
# What becomes of the newest single-deal accounts, newest first: most stay in hand-over; the
# "window" ones were accepted recently enough for the seller to still add notes.
RECENT = (
    "fresh",
    WINDOW,
    "draft",
    WINDOW,
    "waiting",
    "overdue",
    "draft",
    "sent_back",
    "resubmitted",
)
ACCEPTED_AFTER_QUESTIONS = 3


@dataclass
class Care:
    """One account as planned: its hand-overs (oldest deal first) and what becomes of them."""

    account: Account
    packages: list[HandoverPackage]
    won: list[datetime]
    team: str
    receiver: str = ""
    state: str = ACCEPTED
    window: bool = False
    questions: bool = False  # its last hand-over was accepted after one round of questions
    accepted_at: datetime | None = None
    until: datetime | None = None  # moved to another account manager then
    people: list[tuple[str, str, str, str]] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def industry(self) -> str:
        return self.account.company.industry


class _Clock:
    """When rows the services stamped "now" really happened; written in one pass at the end."""

    def __init__(self) -> None:
        self.moves: dict[type[Model], dict[int, dict[str, Any]]] = {}

    def move(self, model: type[Model], pk: int, **fields: Any) -> None:
        self.moves.setdefault(model, {}).setdefault(pk, {}).update(fields)

    def apply(self) -> None:
        for model, rows in self.moves.items():
            found = model._default_manager.in_bulk(list(rows))
            by_fields: dict[tuple[str, ...], list[Model]] = {}
            for pk, fields in rows.items():
                row = found[pk]
                for name, value in fields.items():
                    setattr(row, name, value)
                by_fields.setdefault(tuple(sorted(fields)), []).append(row)
            for names, changed in by_fields.items():
                model._default_manager.bulk_update(changed, list(names), batch_size=500)


# Rows the hand-over and request services write as a side effect, and their time fields.
SIDE_EFFECTS: dict[type[Model], tuple[str, ...]] = {
    OwnershipEvent: ("at",),
    Activity: ("occurred_at", "created_at"),
    Goal: ("created_at", "updated_at"),
}


def is_configured() -> bool:
    return RoutingRule.objects.filter(name=KEY_RULE).exists()


def is_loaded() -> bool:
    return InternalRequest.objects.exists()


def configure(*, progress: Callable[[str], None] = lambda message: None) -> None:
    """The routing rules and a department's SLA, before any deal is won."""
    if is_configured():
        return
    teams = {t.name: t for t in Team.objects.filter(name__in=[ENTERPRISE, MID])}
    for name, order, industry, region, key_only, team in ROUTING_RULES:
        routing_rule_save(
            actor=None,
            name=name,
            team=teams[team],
            order=order,
            industry=industry,
            region=region,
            key_accounts_only=key_only,
        )
    departments.request_sla_set(
        actor=None,
        hours={(Department.LEGAL, Priority.NORMAL): 96, (Department.LEGAL, Priority.HIGH): 48},
    )
    progress(f"{len(ROUTING_RULES)} hand-over routing rules and legal's SLA")


class _Loader:
    def __init__(self, progress: Callable[[str], None]) -> None:
        self.progress = progress
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.users = {
            u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
        }
        policy = AccountPolicy.current()
        self.sla = timedelta(hours=policy.handover_sla_hours)
        self.window = timedelta(days=policy.shared_window_days)
        self.clock = _Clock()
        self.cares: list[Care] = []

    def user(self, login: str) -> User:
        return self.users[login]

    def ago(self, *, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def between(self, start: datetime, end: datetime) -> datetime:
        return start + (end - start) * self.rng.random()

    # --- Who gets which account, and what state it ends in --------------------------------

    def plan(self) -> None:
        rng = self.rng
        packages = HandoverPackage.objects.select_related(
            "account__company", "opportunity", "seller", "routing_rule__team"
        ).order_by("opportunity__closed_on", "opportunity__stage_entered_at", "pk")
        by_account: dict[int, Care] = {}
        for package in packages:
            deal = package.opportunity
            won = deal.stage_entered_at or timezone.make_aware(
                datetime.combine(deal.closed_on or self.today, time(10))
            )
            care = by_account.get(package.account_id)
            if care is None:
                rule = package.routing_rule
                team = rule.team.name if rule is not None else MID
                care = by_account[package.account_id] = Care(package.account, [], [], team)
            care.packages.append(package)
            care.won.append(min(won, self.ago(hours=2)))
        self.cares = list(by_account.values())

        turns = dict.fromkeys([*CARERS, "key"], 0)
        for care in self.cares:
            if all(p.seller.email == f"{FOUNDER}@{DEMO_DOMAIN}" for p in care.packages):
                care.receiver, care.state = FOUNDER, SELF
                continue
            pool, turn = (
                (KEY_CARERS, "key") if care.account.is_key else (CARERS[care.team], care.team)
            )
            care.receiver = pool[turns[turn] % len(pool)]
            turns[turn] += 1

        recent = sorted(
            (
                c
                for c in self.cares
                if len(c.packages) == 1 and not c.account.is_key and c.state == ACCEPTED
            ),
            key=lambda c: c.won[-1],
            reverse=True,
        )
        for care, state in zip(recent, RECENT, strict=False):
            care.window = state == WINDOW
            care.state = ACCEPTED if care.window else state
        accepted = [c for c in self.cares if c.state == ACCEPTED and not c.window]
        for care in rng.sample(accepted, ACCEPTED_AFTER_QUESTIONS):
            care.questions = True

        for care in self.cares:
            for role, title, note in rng.sample(STAKEHOLDERS, rng.randint(2, 3)):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                care.people.append((f"{first} {last}", title, role, note))

    # --- Hand-overs --------------------------------------------------------------------------

    def content(self, care: Care, n: int) -> dict[str, str]:
        rng = self.rng
        short, long, success = EXPANSION if n else GOALS.get(care.industry, GOALS["Retail"])
        package = care.packages[n]
        extra = "\n".join(
            f"{name} ({title}): {note.lower()}" for name, title, _, note in care.people
        )
        return {
            "short_term_goals": "\n".join(short),
            "long_term_goals": "\n".join(long),
            "expectations": package.expectations or rng.choice(EXPECTATIONS),
            "success_criteria": success,
            "stakeholders": "\n".join(filter(None, [package.stakeholders, extra])),
            "promises": package.promises or rng.choice(PROMISES),
            "risks": package.risks or rng.choice(RISKS),
        }

    def accept_time(self, care: Care, n: int) -> datetime:
        won, last = care.won[n], n == len(care.packages) - 1
        when = won + timedelta(days=self.rng.uniform(1, 6))
        if care.window and last:  # late enough for the window to be open still
            when = max(when, self.ago(days=self.window.days - self.rng.uniform(3, 10)))
        elif last:  # long enough ago for the window to have closed
            when = min(when, self.ago(days=self.window.days + 2))
        return min(max(when, won + timedelta(hours=3)), self.ago(hours=1))

    def times(self, care: Care, n: int, state: str) -> dict[str, datetime]:
        """When the hand-over was submitted, questioned, answered and accepted."""
        rng, won = self.rng, care.won[n]
        if state in (ACCEPTED, SELF):
            accepted = self.accept_time(care, n)
            if care.questions and n == len(care.packages) - 1:
                gaps = [rng.uniform(4, 30), rng.uniform(5, 40), rng.uniform(2, 30)]
                names = ["submitted", "asked", "answered", "accepted"]
                return _backwards(accepted, won, names, gaps)
            # Self-accepted on submission; otherwise the receiver took hours, sometimes days.
            gap = rng.uniform(2, 70) if state == ACCEPTED else 0
            return _backwards(accepted, won, ["submitted", "accepted"], [gap])
        if state == "waiting":
            return {"submitted": max(self.ago(hours=rng.uniform(3, 30)), won)}
        if state == "overdue":
            submitted = self.ago(hours=rng.uniform(60, 90))
            return {"submitted": max(submitted, won)}
        if state == "sent_back":
            asked = self.ago(hours=rng.uniform(20, 50))
            return _backwards(asked, won, ["submitted", "asked"], [rng.uniform(4, 20)])
        answered = self.ago(hours=rng.uniform(4, 20))  # resubmitted
        gaps = [rng.uniform(6, 24), rng.uniform(24, 72)]
        return _backwards(answered, won, ["submitted", "asked", "answered"], gaps)

    def handovers(self) -> None:
        for care in self.cares:
            for n, package in enumerate(care.packages):
                self.work_handover(care, n, package)
            care.account.refresh_from_db()
        states = [c.state for c in self.cares]
        self.progress(
            f"{sum(len(c.packages) for c in self.cares)} hand-overs: "
            f"{states.count(ACCEPTED) + states.count(SELF)} accounts accepted, "
            f"{len(states) - states.count(ACCEPTED) - states.count(SELF)} still in hand-over"
        )

    def work_handover(self, care: Care, n: int, package: HandoverPackage) -> None:
        rng = self.rng
        seller = package.seller
        receiver = self.user(care.receiver)
        self.clock.move(HandoverPackage, package.pk, created_at=care.won[n])
        package.refresh_from_db(fields=["status"])
        if package.status == HandoverStatus.SUPERSEDED:
            # A later win for the same account opened a newer hand-over before this one was
            # worked: that one carries the account (the rule a real team meets too).
            return
        if package.receiver_id != receiver.pk:
            executive = self.user(EXECUTIVE.get(care.team, "ae2"))
            handover.handover_route(actor=executive, package=package, receiver=receiver)
        last = n == len(care.packages) - 1
        state = care.state if last else (SELF if care.state == SELF else ACCEPTED)
        if state == "fresh":
            return
        text = self.content(care, n)
        if state == "draft":  # the seller is still writing it
            handover.handover_update(
                actor=seller,
                package=package,
                short_term_goals=text["short_term_goals"],
                expectations=text["expectations"],
            )
            return
        handover.handover_update(actor=seller, package=package, **text)
        at = self.times(care, n, state)
        marks = _marks()
        handover.handover_submit(actor=seller, package=package)
        fields: dict[str, Any] = {
            "first_submitted_at": at["submitted"],
            "submitted_at": at.get("answered", at["submitted"]),
            "due_at": at.get("answered", at["submitted"]) + self.sla,
        }
        if "asked" in at:
            question = rng.randrange(len(QUESTIONS))
            round_ = handover.handover_send_back(
                actor=receiver, package=package, questions=QUESTIONS[question]
            )
            if state == "sent_back":
                fields["due_at"] = None
            else:
                handover.handover_answer(actor=seller, package=package, answer=ANSWERS[question])
            self.clock.move(
                HandoverRound,
                round_.pk,
                asked_at=at["asked"],
                **({"answered_at": at["answered"]} if "answered" in at else {}),
            )
        if state == ACCEPTED:
            handover.handover_accept(actor=receiver, package=package)
        if state in (ACCEPTED, SELF):
            accepted = at["accepted"]
            fields["accepted_at"] = accepted
            self.clock.move(
                Account, care.account.pk, accepted_at=accepted, shared_until=accepted + self.window
            )
            self.stamp(marks, accepted)
            care.accepted_at = accepted
        self.clock.move(HandoverPackage, package.pk, **fields)

    def stamp(self, marks: dict[type[Model], int], when: datetime) -> None:
        """Give the rows a service wrote since ``marks`` the time they happened."""
        for model, top in marks.items():
            for pk in model._default_manager.filter(pk__gt=top).values_list("pk", flat=True):
                self.clock.move(model, pk, **dict.fromkeys(SIDE_EFFECTS[model], when))

    # --- Looking after the accepted accounts ------------------------------------------------

    def accepted(self) -> list[Care]:
        return [c for c in self.cares if c.accepted_at is not None]

    def owner(self, care: Care) -> User:
        owner = care.account.relationship_owner
        assert owner is not None  # noqa: S101 - accepted accounts have one
        return owner

    def look_after(self) -> None:
        cares = self.accepted()
        moved = [
            c
            for c in cares
            if c.receiver == "am" and c.accepted_at and c.accepted_at < self.ago(days=60)
        ]
        if moved:
            moved[0].until = self.ago(days=self.rng.uniform(10, 20))
        for care in cares:
            self.contacts(care)
            self.goals(care)
            self.log(care)
            self.budget(care)
            self.surveys(care)
        self.progress(
            f"{len(cares)} accounts with contacts, goals, interactions, budgets and surveys"
        )

    def contacts(self, care: Care) -> None:
        owner = self.owner(care)
        domain = care.account.company.domain or (
            care.account.name.lower().replace(" ", "") + ".example"
        )
        for name, title, role, note in care.people:
            link = contacts.account_contact_add(
                actor=owner,
                account=care.account,
                role=role,
                full_name=name,
                email=f"{name.lower().replace(' ', '.')}@{domain}",
                job_title=title,
                is_primary=role == ContactRole.CHAMPION,
                notes=note,
            )
            care.contacts.append(link.contact)
        deal_contact = care.packages[0].opportunity.contact
        if deal_contact is not None:
            care.contacts.insert(0, deal_contact)

    def goals(self, care: Care) -> None:
        """The hand-over's goals move on with the account's age."""
        rng, owner = self.rng, self.owner(care)
        assert care.accepted_at is not None  # noqa: S101
        age = (self.now - care.accepted_at).days
        for n, goal in enumerate(Goal.objects.filter(account=care.account).order_by("pk")):
            if age < 30:
                status, progress = (GoalStatus.ON_TRACK, 20) if n == 0 else (GoalStatus.OPEN, 0)
            elif n == 0 and age > 120:
                status, progress = GoalStatus.ACHIEVED, 100
            elif rng.random() < 0.2:
                status, progress = GoalStatus.AT_RISK, rng.choice((20, 30, 40))
            else:
                status, progress = GoalStatus.ON_TRACK, min(90, 10 * rng.randint(2, age // 20 + 2))
            goals.goal_update(
                actor=owner,
                goal=goal,
                status=status,
                progress=progress,
                review_on=self.today + timedelta(days=rng.randint(-10, 60)),
                reason="Reviewed with the client",
            )
            self.clock.move(Goal, goal.pk, updated_at=self.between(care.accepted_at, self.now))

    def log(self, care: Care) -> None:
        """Calls, meetings, e-mails and notes since acceptance; the last one sets the next step."""
        rng, owner = self.rng, self.owner(care)
        assert care.accepted_at is not None  # noqa: S101
        start = care.accepted_at + timedelta(hours=2)
        end = care.until or self.ago(hours=1)
        count = max(2, min(7, (end - start).days // 20))
        moments = sorted(self.between(start, end) for _ in range(count))
        kinds = list(KIND_WEIGHTS)
        for n, moment in enumerate(moments):
            last = n == count - 1
            kind = (
                rng.choice(kinds[:3])
                if last
                else rng.choices(kinds, list(KIND_WEIGHTS.values()))[0]
            )
            interactions.interaction_log(
                actor=owner,
                account=care.account,
                kind=kind,
                subject=rng.choice(SUBJECTS[kind]),
                body=rng.choice(BODIES),
                contact=rng.choice(care.contacts) if care.contacts else None,
                occurred_at=moment,
                next_step=rng.choice(NEXT_STEPS) if last else "",
                next_step_due=self.today + timedelta(days=rng.randint(-4, 14)) if last else None,
            )
        if care.window:  # the seller may still add what they remember
            interactions.interaction_log(
                actor=care.packages[-1].seller,
                account=care.account,
                kind=InteractionKind.NOTE,
                subject="From sales: their COO prefers calls before 10 am",
                body="Also: the finance manager wants invoices by e-mail, not post.",
                occurred_at=self.between(start, self.ago(hours=3)),
            )

    def budget(self, care: Care) -> None:
        rng = self.rng
        if not care.account.is_key and rng.random() < 0.4:
            return
        owner, value = self.owner(care), care.account.annual_value
        years = (
            (self.today.year, self.today.year + 1) if care.account.is_key else (self.today.year,)
        )
        centres = rng.sample(BUYING_CENTRES, rng.randint(1, 3))
        for year in years:
            for centre in centres:
                amount = (value * Decimal(rng.uniform(0.4, 1.6)) / 1000).quantize(Decimal(1))
                budget.budget_line_create(
                    actor=owner,
                    account=care.account,
                    year=year,
                    buying_centre=centre,
                    amount=amount * 1000,
                    notes="Confirmed by their finance manager"
                    if year == self.today.year
                    else "Their plan, not approved yet",
                )

    def surveys(self, care: Care) -> None:
        """An NPS answer every quarter after the first six weeks, a CSAT answer now and then."""
        rng, owner = self.rng, self.owner(care)
        assert care.accepted_at is not None  # noqa: S101
        day = care.accepted_at.date() + timedelta(days=42)
        mood = rng.choice((6, 8, 9, 9, 10))
        while day <= self.today and (care.until is None or day < care.until.date()):
            mood = max(0, min(10, mood + rng.choice((-2, -1, 0, 0, 1))))
            satisfaction.satisfaction_record(
                actor=owner,
                account=care.account,
                kind=SurveyKind.NPS,
                score=mood,
                taken_on=day,
                contact=care.contacts[0] if care.contacts else None,
                comment="" if mood >= 7 else "Reports were late twice this quarter.",
            )
            if rng.random() < 0.5:
                satisfaction.satisfaction_record(
                    actor=owner,
                    account=care.account,
                    kind=SurveyKind.CSAT,
                    score=max(1, min(5, mood // 2)),
                    taken_on=day + timedelta(days=rng.randint(1, 20)),
                )
            day += timedelta(days=91)

    # --- Projects, requests, feedback, terms and a reassignment -------------------------------

    def projects(self) -> None:
        cares = sorted(
            (c for c in self.accepted() if c.until is None),
            key=lambda c: c.accepted_at or self.now,
        )
        key = next((c for c in cares if c.account.is_key), cares[0])
        others = [c for c in cares if c is not key]
        self.project(
            key,
            "Roll-out to every region",
            "Four regions, one after the other; the client's operations team leads each.",
            ProjectStatus.ACTIVE,
            [
                ("Pilot region live", -60, True),
                ("Data migration signed off", -30, True),
                ("Second region live", -5, False),
                ("All regions live", 45, False),
            ],
        )
        self.project(
            others[0],
            "Quick-start onboarding",
            "Set-up, data connection and two training sessions.",
            ProjectStatus.DONE,
            [("Data connected", -80, True), ("Team leads trained", -70, True)],
        )
        self.project(
            others[-1],
            "Reporting pack for finance",
            "Monthly board reports built from the dashboards.",
            ProjectStatus.PLANNED,
            [("Report design agreed", 30, False)],
        )
        self.progress("3 projects with milestones")

    def project(
        self,
        care: Care,
        name: str,
        description: str,
        status: str,
        milestones: list[tuple[str, int, bool]],
    ) -> None:
        owner = self.owner(care)
        starts = self.today + timedelta(days=min(d for _, d, _ in milestones) - 20)
        due = self.today + timedelta(days=max(d for _, d, _ in milestones))
        project = projects.project_create(
            actor=owner,
            account=care.account,
            name=name,
            owner=owner,
            description=description,
            starts_on=starts,
            due_on=due,
        )
        if status != ProjectStatus.PLANNED:
            projects.project_update(
                actor=owner,
                project=project,
                name=name,
                owner=owner,
                status=ProjectStatus.ACTIVE,
                description=description,
                starts_on=starts,
                due_on=due,
            )
        for title, days, done in milestones:
            milestone = projects.milestone_create(
                actor=owner,
                project=project,
                title=title,
                due_on=self.today + timedelta(days=days),
                deliverable=f"{title}, confirmed by the client in writing",
                owner=self.user("delivery2"),
            )
            if done:
                projects.milestone_update(
                    actor=owner,
                    milestone=milestone,
                    title=title,
                    due_on=milestone.due_on,
                    status=MilestoneStatus.DONE,
                    deliverable=milestone.deliverable,
                    owner=milestone.owner,
                )
                self.clock.move(Milestone, milestone.pk, done_on=milestone.due_on)
        if status == ProjectStatus.DONE:
            projects.project_update(
                actor=owner,
                project=project,
                name=name,
                owner=owner,
                status=status,
                description=description,
                starts_on=starts,
                due_on=due,
            )
            self.clock.move(Project, project.pk, finished_on=due)
        self.clock.move(Project, project.pk, created_at=_noon(starts - timedelta(days=7)))

    def requests(self) -> None:
        rng = self.rng
        cares = [c for c in self.accepted() if c.until is None]
        leads = {Department.DELIVERY: "delivery", Department.SUPPORT: "support"}
        members = {Department.DELIVERY: "delivery2", Department.SUPPORT: "support2"}
        for department, type_, title, details, priority, fate, hours, outcome in REQUESTS:
            raised = self.ago(hours=hours)
            care = rng.choice(
                [c for c in cares if c.accepted_at and c.accepted_at < raised - timedelta(days=1)]
                or cares
            )
            raiser = self.owner(care)
            request = departments.request_raise(
                actor=raiser,
                account=care.account,
                department=department,
                type=type_,
                title=title,
                details=details,
                priority=priority,
            )
            shift = request.raised_at - raised
            self.clock.move(
                InternalRequest, request.pk, raised_at=raised, due_at=request.due_at - shift
            )
            lead = self.user(leads.get(department, department))
            member = self.user(members.get(department, leads.get(department, department)))
            if fate == "assigned":
                departments.request_assign(actor=lead, request=request, assignee=member)
            elif fate in ("in_progress", "resolved"):
                departments.request_start(actor=member, request=request)
            if fate in ("resolved", "declined", "withdrawn"):
                sla = request.due_at - request.raised_at
                closed = min(raised + sla * rng.uniform(0.2, 0.9), self.ago(hours=1))
                marks = _marks()
                if fate == "resolved":
                    departments.request_resolve(actor=member, request=request, outcome=outcome)
                else:
                    actor = raiser if fate == "withdrawn" else lead
                    departments.request_decline(actor=actor, request=request, reason=outcome)
                self.stamp(marks, closed)
                self.clock.move(InternalRequest, request.pk, resolved_at=closed)
        self.progress(f"{len(REQUESTS)} internal requests in every status")

    def feedback(self) -> None:
        rng = self.rng
        cares = [c for c in self.accepted() if c.until is None]
        product = self.user("product")
        for title, kind, body, status, response, clients, days in FEEDBACK:
            for care in rng.sample(cares, clients):
                created = max(
                    self.ago(days=days + rng.randint(0, 10)), care.accepted_at or self.now
                )
                item = voice.feedback_create(
                    actor=self.owner(care),
                    account=care.account,
                    kind=kind,
                    title=title,
                    body=body,
                    contact=care.contacts[0] if care.contacts else None,
                )
                if status != FeedbackStatus.NEW:
                    voice.feedback_triage(
                        actor=product, feedback=item, status=status, response=response
                    )
                triaged = min(created + timedelta(days=rng.randint(2, 9)), self.ago(hours=2))
                self.clock.move(
                    Feedback,
                    item.pk,
                    created_at=created,
                    updated_at=created if status == FeedbackStatus.NEW else triaged,
                )
        self.progress("the clients' feedback and change requests, triaged by product")

    def terms(self) -> None:
        """Renegotiated terms: one within policy, one beyond it approved, one waiting."""
        cares = [c for c in self.accepted() if c.until is None and not c.account.is_key]
        enterprise = [c for c in cares if c.team == ENTERPRISE]
        mid = [c for c in cares if c.team == MID and c.state != SELF]
        plans = (
            (mid[0], Decimal(5), 30, 2, "Moved to two payments at the client's request.", None),
            (
                mid[-1],
                Decimal(8),
                45,
                6,
                "Six instalments while their new budget year starts.",
                "ae2",
            ),
            (
                enterprise[0],
                Decimal(15),
                30,
                1,
                "15 % off for a three-year extension with the second site.",
                "",
            ),
        )
        for n, (care, discount, net_days, instalments, notes, decider) in enumerate(plans):
            value = care.account.annual_value
            amendment = amendments.amendment_propose(
                actor=self.owner(care),
                account=care.account,
                total=(value * (100 - discount) / 100).quantize(Decimal("0.01")),
                discount_percent=discount,
                net_days=net_days,
                instalment_count=instalments,
                notes=notes,
            )
            proposed = self.ago(days=(40, 20, 2)[n])
            decided: datetime | None = proposed if decider is None else None
            if decider:
                amendments.amendment_decide(
                    actor=self.user(decider),
                    amendment=amendment,
                    approve=True,
                    comment="Fine: they pay on time and the total does not change.",
                )
                decided = proposed + timedelta(days=1)
            self.clock.move(TermAmendment, amendment.pk, proposed_at=proposed, decided_at=decided)
        self.progress("renegotiated terms: within policy, approved beyond it, one waiting")

    def reassign(self) -> None:
        care = next((c for c in self.cares if c.until is not None), None)
        if care is None:
            return
        assert care.until is not None  # noqa: S101
        marks = _marks()
        reassign.account_reassign(
            actor=self.user("ae"),
            account=care.account,
            new_owner=self.user("am5"),
            reason="Balancing the team: Mei takes this account while Emma leads a large roll-out.",
        )
        self.stamp(marks, care.until)
        care.account.refresh_from_db()
        interactions.interaction_log(
            actor=self.user("am5"),
            account=care.account,
            kind=InteractionKind.MEETING,
            subject="Introduction meeting with the new account manager",
            body="Went through the goals and the open requests; Emma joined for the hand-over.",
            contact=care.contacts[0] if care.contacts else None,
            occurred_at=care.until + timedelta(days=2),
            next_step="Send the summary of the introduction meeting",
            next_step_due=self.today + timedelta(days=1),
        )
        self.progress("an account moved to another account manager by the account executive")

    # --- All of it -----------------------------------------------------------------------

    def backdate(self) -> None:
        for care in self.cares:
            self.clock.move(Account, care.account.pk, created_at=care.won[0])
        won = {
            p.opportunity_id: w for c in self.cares for p, w in zip(c.packages, c.won, strict=True)
        }
        for contract in Contract.objects.filter(opportunity_id__in=list(won)).only(
            "pk", "opportunity_id"
        ):
            assert contract.opportunity_id is not None  # noqa: S101
            self.clock.move(Contract, contract.pk, created_at=won[contract.opportunity_id])
        self.clock.apply()

    def run(self) -> None:
        self.plan()
        self.handovers()
        self.look_after()
        self.projects()
        self.requests()
        self.feedback()
        self.terms()
        self.reassign()
        self.backdate()


def _marks() -> dict[type[Model], int]:
    """The highest id of each side-effect table, to find the rows a service adds."""
    return {
        model: model._default_manager.aggregate(top=Max("pk"))["top"] or 0 for model in SIDE_EFFECTS
    }


def _backwards(
    end: datetime, start: datetime, names: list[str], gaps: list[float]
) -> dict[str, datetime]:
    """Moments named ``names`` ending at ``end``, ``gaps`` hours apart, squeezed to fit after
    ``start`` when the hand-over was quick."""
    room = max((end - start).total_seconds() / 3600 - 1, 0.0)
    squeeze = min(1.0, room / sum(gaps)) if sum(gaps) else 1.0
    moments = [end]
    for gap in reversed(gaps):
        moments.insert(0, moments[0] - timedelta(hours=gap * squeeze))
    return dict(zip(names, moments, strict=True))


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def load(*, progress: Callable[[str], None] = lambda message: None) -> None:
    """Work the won deals' hand-overs and care for the accounts (needs the demo sales).
    Loading twice adds nothing."""
    if is_loaded():
        return
    if not is_configured():
        configure(progress=progress)
    _Loader(progress).run()
