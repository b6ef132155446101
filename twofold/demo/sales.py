"""A believable sales organisation, made through the sales services so history and events exist.

About 300 leads in every status and 120 deals in every stage, won (some on terms a sales lead
approved beyond policy, some with a credit split) and lost (with reasons and competitors), line
items, strategies, activities, open tasks, complaints and partners. Everything is decided by one
``random.Random(SEED)``, so two loads give the same names and amounts. The services stamp rows
with "now"; a last pass spreads each lead's and deal's history over the weeks before today
(creation, stage moves, time in stage, close dates) so the pipeline, the home pages and the
reports have a past.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from twofold import policies
from twofold.activities.models import ActivityKind
from twofold.activities.services import activity_log
from twofold.catalog.models import OfferingKind
from twofold.catalog.services import product_create
from twofold.demo.people import DEMO_DOMAIN
from twofold.handover.won_deal import deal_close_won
from twofold.people.choices import TeamKind
from twofold.people.models import Team, User
from twofold.policies import Perm
from twofold.sales.choices import (
    LeadSource,
    LeadStatus,
    OpportunityEventType,
    OpportunityStatus,
    PartnerKind,
    PartnerRole,
)
from twofold.sales.models import (
    Complaint,
    Lead,
    LeadEvent,
    Opportunity,
    OpportunityEvent,
    Partner,
    Sale,
    Stage,
    WebForm,
)
from twofold.sales.services import closing, complaints, leads, partners, routing, terms
from twofold.sales.services.config import lost_reason_create, sales_policy_update
from twofold.sales.services.deals import opportunity_move, opportunity_update
from twofold.sales.services.items import line_item_add
from twofold.sales.services.meetings import sales_meeting_record_decision, sales_meeting_schedule
from twofold.sales.services.pipelines import pipeline_create_default
from twofold.sales.services.strategy import deal_strategy_set

SEED = 2026
WEB_FORM_NAME = "Website contact form"
LEAD_COUNT = 300
# How the 300 leads end up; the 120 converted ones become the deals.
LEAD_STATUSES = {
    LeadStatus.NEW: 50,
    LeadStatus.WORKING: 55,
    LeadStatus.QUALIFIED: 30,
    LeadStatus.DISQUALIFIED: 45,
    LeadStatus.CONVERTED: 120,
}
# Where the 120 deals end up: an open stage by name, or won / lost.
DEAL_OUTCOMES = {"Discovery": 22, "Proposal": 20, "Negotiation": 18, "won": 36, "lost": 24}

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Katja",
    "Liam",
    "Maja",
    "Niko",
    "Olga",
    "Paul",
    "Quinn",
    "Rosa",
    "Stefan",
    "Tara",
    "Umar",
    "Vera",
    "Wim",
    "Xenia",
    "Yara",
    "Zoltan",
    "Amelie",
    "Bruno",
    "Clara",
    "Dario",
    "Eva",
    "Filip",
    "Hanne",
    "Ivo",
    "Jana",
    "Karl",
    "Luisa",
    "Matteo",
    "Nora",
    "Oskar",
]
LAST_NAMES = [
    "Andersen",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gallo",
    "Hofmann",
    "Ivanova",
    "Jensen",
    "Keller",
    "Lambert",
    "Moreau",
    "Novak",
    "Olsen",
    "Pereira",
    "Quist",
    "Ricci",
    "Schmidt",
    "Tanaka",
    "Urban",
    "Vogel",
    "Weber",
    "Xu",
    "Young",
    "Zimmer",
    "Berg",
    "Conti",
    "Dahl",
    "Engel",
    "Fischer",
    "Graf",
    "Horvat",
    "Janssen",
    "Kowalski",
    "Lund",
    "Meyer",
    "Nilsen",
    "Ortiz",
    "Petit",
]
COMPANY_STEMS = [
    "Northwind",
    "Bluefield",
    "Kestrel",
    "Alder",
    "Granite",
    "Harbour",
    "Lumen",
    "Meridian",
    "Oakridge",
    "Pinecrest",
    "Quarry",
    "Riverstone",
    "Saltmarsh",
    "Tidewater",
    "Upland",
    "Vantage",
    "Willow",
    "Yellowpine",
    "Zephyr",
    "Brightwater",
    "Copperleaf",
    "Driftwood",
    "Eastgate",
    "Foxglove",
]
# suffix -> industry
COMPANY_KINDS = {
    "Logistics": "Logistics",
    "Foods": "Food & beverage",
    "Engineering": "Manufacturing",
    "Health": "Healthcare",
    "Retail": "Retail",
    "Energy": "Energy",
}
JOB_TITLES = (
    "Head of operations",
    "CFO",
    "IT manager",
    "Managing director",
    "Procurement lead",
    "Head of sales",
    "COO",
    "Data lead",
)
NORTH_REGIONS = ("Nordics", "Benelux", "DACH", "UK & Ireland")
SOUTH_REGIONS = ("Southern Europe", "Iberia")
SOURCE_WEIGHTS = {
    LeadSource.COLD_CALL: 25,
    LeadSource.REFERRAL: 15,
    LeadSource.WEB_FORM: 20,
    LeadSource.EVENT: 15,
    LeadSource.PARTNER: 10,
    LeadSource.IMPORT: 10,
    LeadSource.OTHER: 5,
}
# Who captures leads by hand (they keep them); web-form and imported leads are routed.
CAPTURERS = {"sdr": 30, "sdr2": 25, "sdr3": 30, "agent": 8, "agent2": 7}
NORTH_PEOPLE = {"sdr", "sdr2", "agent", "bdm", "bdm2", "saleslead"}
BDMS = {"north": ("bdm", "bdm", "bdm2"), "south": ("bdm3", "bdm4", "bdm5", "solo")}
SALES_LEAD_OF = {"north": "saleslead", "south": "saleslead2"}
DISQUALIFY_REASONS = (
    "No budget this year",
    "Too small for our offering",
    "Duplicate of an existing lead",
    "Student research, not a buyer",
    "Outside the regions we serve",
    "Competitor asking for prices",
)
LOST_REASONS = (
    "Price too high",
    "Chose a competitor",
    "No budget after all",
    "No decision / went silent",
    "Timing: not this year",
    "Missing feature",
)
COMPETITORS = ("Salesforce", "HubSpot", "Pipedrive", "Zoho", "a local integrator")
PRODUCTS = (
    # code, name, family, tier, list price, kind
    ("ANL-START", "Analytics Starter", "Analytics", 1, "4800.00", OfferingKind.PRODUCT),
    ("ANL-PRO", "Analytics Professional", "Analytics", 2, "12000.00", OfferingKind.PRODUCT),
    ("ANL-ENT", "Analytics Enterprise", "Analytics", 3, "36000.00", OfferingKind.PRODUCT),
    ("SUP-STD", "Standard support", "Support plans", 1, "2400.00", OfferingKind.SERVICE),
    ("SUP-PRI", "Priority support", "Support plans", 2, "6000.00", OfferingKind.SERVICE),
    ("SUP-247", "24/7 premium support", "Support plans", 3, "14400.00", OfferingKind.SERVICE),
    ("ONB-QS", "Quick-start onboarding", "Onboarding", 1, "3500.00", OfferingKind.SERVICE),
    ("ONB-FULL", "Full implementation", "Onboarding", 2, "15000.00", OfferingKind.SERVICE),
)
PARTNERS = (
    (
        "Brightpath Resellers",
        PartnerKind.RESELLER,
        "https://brightpath.example",
        (("Ruth Calloway", "Channel manager"), ("Mats Holm", "Account director")),
    ),
    (
        "Nordic Referral Network",
        PartnerKind.REFERRAL,
        "https://nordic-referrals.example",
        (("Siri Aalto", "Partner lead"),),
    ),
    (
        "Alto Wholesale",
        PartnerKind.WHOLESALER,
        "https://alto-wholesale.example",
        (("Giulia Ferri", "Purchasing"), ("Pablo Ruiz", "Sales director")),
    ),
)
ACTIVITY_SUBJECTS = {
    ActivityKind.CALL: ("Discovery call", "Follow-up call", "Call with the decision maker"),
    ActivityKind.MEETING: ("Demo of the platform", "On-site workshop", "Pricing meeting"),
    ActivityKind.EMAIL: ("Sent the proposal", "Sent references", "Answered security questions"),
    ActivityKind.NOTE: ("Budget confirmed by finance", "Champion is the IT manager"),
}
TASKS = (
    "Send the revised proposal",
    "Call back about the pilot",
    "Book the demo with their IT team",
    "Prepare the pricing options",
    "Chase the signed order form",
    "Check references with a customer",
)
COMPLAINTS = (
    ("Demo environment was down during the workshop", "high"),
    ("Proposal quoted the wrong currency", "medium"),
    ("Too many follow-up calls", "low"),
    ("Security questionnaire answered late", "medium"),
    ("Promised integration is not on the roadmap", "critical"),
)


@dataclass
class Plan:
    """What the loader decided for one lead (and its deal), and when things happened."""

    lead_id: int
    born: datetime
    region: str
    owner_login: str
    opportunity_id: int | None = None
    deal_start: datetime | None = None
    deal_end: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def is_loaded() -> bool:
    return WebForm.objects.filter(name=WEB_FORM_NAME).exists()


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class _Loader:
    def __init__(self, progress: Callable[[str], None]) -> None:
        self.progress = progress
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.today = timezone.localdate()
        self.users = {
            u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
        }
        self.plans: list[Plan] = []

    def user(self, login: str) -> User:
        return self.users[login]

    def side(self, login: str) -> str:
        return "north" if login in NORTH_PEOPLE or login == "agent" else "south"

    def days_ago(self, days: int, hour: int = 10) -> datetime:
        """A moment ``days`` before today at ``hour``, never later than now."""
        moment = _noon(self.today - timedelta(days=days)).replace(hour=hour)
        return min(moment, timezone.now() - timedelta(minutes=5))

    # --- Configuration ------------------------------------------------------------------

    def configure(self) -> None:
        self.pipeline = pipeline_create_default(actor=None)
        self.stages = {s.name: s for s in Stage.objects.filter(pipeline=self.pipeline)}
        sales_policy_update(
            actor=None,
            max_discount_percent=Decimal("10"),
            max_instalments=4,
            max_net_days=60,
            stalled_after_days=21,
        )
        self.reasons = [
            lost_reason_create(actor=None, name=name, order=n)
            for n, name in enumerate(LOST_REASONS, start=1)
        ]
        self.products = [
            product_create(
                actor=None,
                code=code,
                name=name,
                family=family,
                tier=tier,
                list_price=Decimal(price),
                kind=kind,
                description=f"{family}, tier {tier}.",
            )
            for code, name, family, tier, price, kind in PRODUCTS
        ]
        self.partners: list[Partner] = []
        for name, kind, website, contacts in PARTNERS:
            partner = partners.partner_create(
                actor=None, name=name, kind=kind, website=website, notes=f"{kind.label}."
            )
            for full_name, title in contacts:
                first, last = full_name.lower().split(" ", 1)
                partners.partner_contact_add(
                    actor=None,
                    partner=partner,
                    full_name=full_name,
                    job_title=title,
                    email=f"{first}.{last.replace(' ', '')}@{website.split('//')[1]}",
                )
            self.partners.append(partner)
        teams = {t.name: t for t in Team.objects.filter(name__startswith="Sales")}
        routing.assignment_rule_create(
            actor=None,
            name="Southern Europe to the South team",
            team=teams["Sales — South"],
            priority=10,
            region="Southern Europe",
        )
        routing.assignment_rule_create(
            actor=None,
            name="Iberia to the South team",
            team=teams["Sales — South"],
            priority=20,
            region="Iberia",
        )
        routing.assignment_rule_create(
            actor=None,
            name="Everything else to the North team",
            team=teams["Sales — North"],
            priority=100,
        )
        self.web_form = leads.webform_create(
            actor=None,
            name=WEB_FORM_NAME,
            thank_you_message="Thank you — one of our team will call you within a day.",
        )
        self.progress(
            f"pipeline, policy, {len(self.reasons)} lost reasons, {len(self.products)} products, "
            f"{len(self.partners)} partners, routing rules and a web form"
        )

    # --- Leads --------------------------------------------------------------------------

    def capture(self) -> Plan:
        rng = self.rng
        source = rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        suffix = rng.choice(list(COMPANY_KINDS))
        company = f"{rng.choice(COMPANY_STEMS)} {suffix}"
        domain = company.lower().replace(" ", "") + ".example"
        email = f"{first.lower()}.{last.lower()}@{domain}"
        routed = source in (LeadSource.WEB_FORM, LeadSource.IMPORT)
        capturer = None if routed else rng.choices(list(CAPTURERS), list(CAPTURERS.values()))[0]
        if capturer is None:
            region = rng.choice(NORTH_REGIONS + SOUTH_REGIONS)
        else:
            region = rng.choice(NORTH_REGIONS if self.side(capturer) == "north" else SOUTH_REGIONS)
        partner = rng.choice(self.partners) if source == LeadSource.PARTNER else None
        if capturer and not policies.can(self.user(capturer), Perm.PARTNER_LINK):
            partner = None  # agents link no partners: their partner-sourced leads carry none
        details: dict[str, str] = {
            "phone": f"+49 30 {rng.randint(1000000, 9999999)}",
            "job_title": rng.choice(JOB_TITLES),
            "company_name": company,
        }
        if source == LeadSource.WEB_FORM:
            region = rng.choice(NORTH_REGIONS)  # the form goes to the North team's rule
            lead = leads.lead_capture_from_web_form(
                form=self.web_form,
                full_name=f"{first} {last}",
                email=email,
                message=f"We are looking at {rng.choice(PRODUCTS)[1]} for about "
                f"{rng.randint(2, 40) * 10} people.",
                **details,
            )
            # The form does not ask for a region or industry; the lead generator adds them.
            leads.lead_update(
                actor=lead.owner, lead=lead, region=region, industry=COMPANY_KINDS[suffix]
            )
        else:
            lead = leads.lead_create(
                actor=self.user(capturer) if capturer else None,
                full_name=f"{first} {last}",
                email=email,
                industry=COMPANY_KINDS[suffix],
                region=region,
                source=source,
                partner=partner,
                phone=details["phone"],
                job_title=details["job_title"],
                company_name=details["company_name"],
            ).lead
        if lead.owner_id is None:  # no rule matched: a sales lead hands it out
            routing.lead_reassign(
                actor=self.user("saleslead"),
                lead=lead,
                owner=self.user("sdr"),
                reason="Unrouted lead",
            )
        owner_login = lead.owner.email.split("@")[0]  # type: ignore[union-attr]
        plan = Plan(
            lead_id=lead.pk,
            born=self.days_ago(rng.randint(5, 300), hour=rng.randint(8, 17)),
            region=region,
            owner_login=owner_login,
        )
        plan.extra["capturer"] = owner_login
        if lead.partner_id:
            plan.extra["partner"] = next(p for p in self.partners if p.pk == lead.partner_id)
        return plan

    def work_lead(self, plan: Plan, status: str) -> None:
        rng = self.rng
        lead = Lead.objects.select_related("owner").get(pk=plan.lead_id)
        owner = self.user(plan.owner_login)
        hour = rng.randint(8, 17)
        if status == LeadStatus.NEW:
            plan.born = self.days_ago(rng.randint(0, 6), hour=hour)
        elif status == LeadStatus.WORKING:
            plan.born = self.days_ago(rng.randint(2, 40), hour=hour)
        elif status == LeadStatus.QUALIFIED:
            plan.born = self.days_ago(rng.randint(3, 30), hour=hour)
        elif status == LeadStatus.CONVERTED:
            self.plan_deal(plan, self.outcomes.pop())
        if status == LeadStatus.NEW:
            return
        if status == LeadStatus.DISQUALIFIED:
            if rng.random() < 0.5:
                leads.lead_set_status(actor=owner, lead=lead, status=LeadStatus.WORKING)
            leads.lead_disqualify(actor=owner, lead=lead, reason=rng.choice(DISQUALIFY_REASONS))
            return
        leads.lead_set_status(actor=owner, lead=lead, status=LeadStatus.WORKING)
        activity_log(
            actor=owner,
            kind=ActivityKind.CALL,
            subject="Introductory call",
            body="Talked through their current process and who else is involved.",
            lead=lead,
            occurred_at=min(plan.born + timedelta(days=1), timezone.now()),
        )
        if status == LeadStatus.WORKING:
            if rng.random() < 0.6:
                activity_log(
                    actor=owner,
                    kind=ActivityKind.TASK,
                    subject="Call back to qualify",
                    lead=lead,
                    due_on=self.today + timedelta(days=rng.randint(-4, 6)),
                )
            return
        budget = Decimal(rng.randint(6, 90) * 1000)
        leads.lead_update(
            actor=owner,
            lead=lead,
            budget_amount=budget,
            authority=f"{lead.job_title} signs; the board approves above 50k",
            need="Replace spreadsheets and an ageing tool; wants reporting per region.",
            timeline=rng.choice(("This quarter", "Next quarter", "Before year end")),
        )
        leads.lead_set_status(actor=owner, lead=lead, status=LeadStatus.QUALIFIED)
        if status == LeadStatus.QUALIFIED:
            return
        # An agent's lead stays with the agent; otherwise a BDM of the owner's side.
        side = self.side(plan.owner_login)
        agent = plan.owner_login.startswith("agent")
        bdm = owner if agent else self.user(rng.choice(BDMS[side]))
        opportunity = leads.lead_qualify(
            actor=owner, lead=lead, bdm=bdm, note="Budget and timeline confirmed."
        )
        plan.opportunity_id = opportunity.pk

    # --- Deals --------------------------------------------------------------------------

    def plan_deal(self, plan: Plan, outcome: str) -> None:
        """When the deal of a converted lead starts and ends: closed deals lie in the past
        year, open ones started in the last three months."""
        rng = self.rng
        plan.extra["outcome"] = outcome
        if outcome in ("won", "lost"):
            plan.deal_end = self.days_ago(rng.randint(3, 270), hour=rng.randint(9, 17))
            plan.deal_start = plan.deal_end - timedelta(days=rng.randint(20, 90))
        else:
            plan.deal_start = self.days_ago(rng.randint(5, 90), hour=rng.randint(9, 17))
            plan.deal_end = self.days_ago(rng.randint(0, 4), hour=rng.randint(9, 17))
        plan.born = plan.deal_start - timedelta(days=rng.randint(2, 20))

    def work_deal(self, plan: Plan) -> None:
        rng = self.rng
        outcome = plan.extra["outcome"]
        assert plan.deal_start is not None  # noqa: S101
        assert plan.deal_end is not None  # noqa: S101
        assert plan.opportunity_id is not None  # noqa: S101
        deal = Opportunity.objects.select_related("owner").get(pk=plan.opportunity_id)
        owner = deal.owner
        side = self.side(owner.email.split("@")[0])
        sales_lead = self.user(SALES_LEAD_OF[side])
        open_path = ["Discovery", "Proposal", "Negotiation"]
        if outcome == "won":
            target = "Negotiation"
        elif outcome == "lost":
            target = rng.choice(open_path)
        else:
            target = outcome
        for name in open_path[1 : open_path.index(target) + 1]:
            deal = opportunity_move(actor=owner, opportunity=deal, stage=self.stages[name])

        reached_proposal = open_path.index(target) >= 1
        if reached_proposal and rng.random() < 0.6:
            for product in rng.sample(self.products, rng.randint(1, 3)):
                line_item_add(
                    actor=owner,
                    opportunity=deal,
                    product=product,
                    quantity=Decimal(rng.choice((1, 1, 2, 3, 5))),
                    discount_percent=Decimal(rng.choice((0, 0, 0, 5))),
                )
        if rng.random() < 0.35 or (outcome == "won" and rng.random() < 0.3):
            deal_strategy_set(
                actor=sales_lead,
                opportunity=deal,
                approach="Lead with the reporting pain; pilot in one region before the rollout.",
                key_messages="Live in six weeks; one price per seat; local support.",
                risks=rng.choice(
                    (
                        "The CFO prefers the incumbent.",
                        "Budget may move to next year.",
                        "IT wants single sign-on from day one.",
                    )
                ),
                next_steps="Book the workshop with operations and IT together.",
            )
        for n in range(rng.randint(1, 4)):
            kind = rng.choice(list(ACTIVITY_SUBJECTS))
            span = (plan.deal_end - plan.deal_start) * (n + 1) / 5
            activity_log(
                actor=owner,
                kind=kind,
                subject=rng.choice(ACTIVITY_SUBJECTS[kind]),
                opportunity=deal,
                occurred_at=plan.deal_start + span,
            )
        if plan.extra.get("partner") or rng.random() < 0.1:
            partner = plan.extra.get("partner") or rng.choice(self.partners)
            roles: dict[str, str] = {
                PartnerKind.RESELLER: PartnerRole.RESELLER,
                PartnerKind.WHOLESALER: PartnerRole.WHOLESALER,
            }
            role = roles.get(partner.kind, PartnerRole.REFERRER)
            if policies.can(owner, Perm.PARTNER_LINK, deal):  # agents link no partners
                partners.partner_link(actor=owner, partner=partner, opportunity=deal, role=role)

        if outcome == "won":
            self.win(deal, owner, sales_lead, plan)
        elif outcome == "lost":
            reason = rng.choice(self.reasons)
            competitor = (
                rng.choice(COMPETITORS)
                if reason.name == "Chose a competitor" or rng.random() < 0.3
                else ""
            )
            closing.opportunity_close_lost(
                actor=owner, opportunity=deal, reason=reason, competitor=competitor
            )
        else:
            self.keep_open(deal, owner, sales_lead, target)

    def propose(self, deal: Opportunity, owner: User, *, beyond: bool) -> Any:
        rng = self.rng
        if beyond:
            discount = Decimal(rng.choice((12, 15, 18, 20)))
            instalments = rng.choice((1, 2, 6))
        else:
            discount = Decimal(rng.choice((0, 0, 5, 7.5, 10)))
            instalments = rng.choice((1, 1, 2, 4))
        return terms.terms_propose(
            actor=owner,
            opportunity=deal,
            discount_percent=discount,
            net_days=rng.choice((14, 30, 30, 45)),
            instalment_count=instalments,
            notes="Annual licence, invoiced per instalment.",
        )

    def win(self, deal: Opportunity, owner: User, sales_lead: User, plan: Plan) -> None:
        rng = self.rng
        sheet = self.propose(deal, owner, beyond=rng.random() < 0.35)
        for approval in sheet.approvals.all():
            terms.approval_approve(
                actor=sales_lead,
                approval=approval,
                comment="Approved: strategic logo in the region, three-year commitment.",
            )
        credits = None
        split = rng.random()
        capturer = plan.extra.get("capturer")
        if split < 0.2 and capturer and capturer != owner.email.split("@")[0]:
            credits = [(owner, Decimal(80)), (self.user(capturer), Decimal(20))]
        elif split < 0.3:
            side = self.side(owner.email.split("@")[0])
            partner_login = next(
                login for login in BDMS[side] if login != owner.email.split("@")[0]
            )
            credits = [(owner, Decimal(60)), (self.user(partner_login), Decimal(40))]
        assert plan.deal_start is not None  # noqa: S101
        assert plan.deal_end is not None  # noqa: S101
        # A deal is never won before it opened: date it back first (the history is spread
        # over the same span at the end).
        Opportunity.objects.filter(pk=deal.pk).update(created_at=plan.deal_start)
        deal_close_won(
            actor=owner,
            opportunity=deal,
            closed_on=plan.deal_end.date(),
            credits=credits,
        )

    def keep_open(self, deal: Opportunity, owner: User, sales_lead: User, stage: str) -> None:
        rng = self.rng
        if stage == "Negotiation":
            roll = rng.random()
            if roll < 0.3:
                self.propose(deal, owner, beyond=True)  # waits on the approvals page
            elif roll < 0.4:
                sheet = self.propose(deal, owner, beyond=True)
                for approval in sheet.approvals.all():
                    terms.approval_reject(
                        actor=sales_lead,
                        approval=approval,
                        comment="Too deep a discount for a one-year deal; offer 8 % on two years.",
                    )
            elif roll < 0.7:
                self.propose(deal, owner, beyond=False)
        if rng.random() < 0.7:
            opportunity_update(
                actor=owner,
                opportunity=deal,
                name=deal.name,
                expected_close_date=self.today + timedelta(days=rng.randint(5, 75)),
                next_step=rng.choice(TASKS),
                next_step_due=self.today + timedelta(days=rng.randint(-3, 10)),
                contact=deal.contact,
                currency=deal.currency,
                amount=deal.amount,
            )
        if rng.random() < 0.6:
            activity_log(
                actor=owner,
                kind=ActivityKind.TASK,
                subject=rng.choice(TASKS),
                opportunity=deal,
                due_on=self.today + timedelta(days=rng.randint(-5, 8)),
            )

    # --- Tasks and complaints for the demo logins' home pages ----------------------------

    def homes(self) -> None:
        rng = self.rng
        for login in ("bdm", "agent", "bdm3", "solo"):
            deals = list(
                Opportunity.objects.filter(owner=self.user(login), status="open").order_by("pk")[:3]
            )
            for offset, deal in zip((-2, 0, 0), deals, strict=False):
                activity_log(
                    actor=self.user(login),
                    kind=ActivityKind.TASK,
                    subject=rng.choice(TASKS),
                    opportunity=deal,
                    due_on=self.today + timedelta(days=offset),
                )
        for login in ("sdr", "sdr2", "sdr3"):
            working = list(
                Lead.objects.filter(owner=self.user(login), status=LeadStatus.WORKING).order_by(
                    "pk"
                )[:2]
            )
            for offset, lead in zip((-1, 0), working, strict=False):
                activity_log(
                    actor=self.user(login),
                    kind=ActivityKind.TASK,
                    subject="Call back to qualify",
                    lead=lead,
                    due_on=self.today + timedelta(days=offset),
                )
        # The sales leads follow up on the deals waiting for their approval.
        for login in ("saleslead", "saleslead2"):
            followed = (
                Opportunity.objects.filter(
                    status="open",
                    owner__memberships__team__lead=self.user(login),
                    stage__name="Negotiation",
                )
                .order_by("pk")
                .first()
            )
            if followed is not None:
                activity_log(
                    actor=self.user(login),
                    kind=ActivityKind.TASK,
                    subject="Review the negotiation before the customer meeting",
                    opportunity=followed,
                    due_on=self.today,
                )

    def complaints(self) -> None:
        rng = self.rng
        open_deals = list(Opportunity.objects.filter(status="open").order_by("pk"))
        chosen = rng.sample(open_deals, 8)
        for n, deal in enumerate(chosen):
            summary, severity = COMPLAINTS[n % len(COMPLAINTS)]
            complaint = complaints.complaint_log(
                actor=deal.owner,
                opportunity=deal,
                summary=summary,
                details="Raised by the customer's project lead on a call.",
                severity=severity,
                due_on=self.today + timedelta(days=rng.randint(0, 10)),
            )
            if n % 2 == 0:
                complaints.complaint_resolve(
                    actor=deal.owner,
                    complaint=complaint,
                    resolution="Apologised, fixed it and confirmed in writing.",
                )
        for lead in Lead.objects.filter(status=LeadStatus.WORKING).order_by("pk")[:2]:
            complaints.complaint_log(
                actor=lead.owner,
                lead=lead,
                summary="Asked not to be called before 10 am",
                severity="low",
            )

    # --- Giving the history a past -----------------------------------------------------

    def backdate(self) -> None:
        """Spread each lead's and deal's events between its planned dates, keeping their order,
        and recompute what depends on them (time in stage, stage entry, close dates)."""
        now = timezone.now()
        lead_events = {
            e.pk: e for e in LeadEvent.objects.filter(lead_id__in=[p.lead_id for p in self.plans])
        }
        by_lead: dict[int, list[LeadEvent]] = {}
        for event in sorted(lead_events.values(), key=lambda e: e.pk):
            by_lead.setdefault(event.lead_id, []).append(event)
        deal_events: dict[int, list[OpportunityEvent]] = {}
        for deal_event in OpportunityEvent.objects.order_by("pk"):
            deal_events.setdefault(deal_event.opportunity_id, []).append(deal_event)
        deals = {d.pk: d for d in Opportunity.objects.all()}
        lead_rows = {lead.pk: lead for lead in Lead.objects.all()}
        changed_deals: list[Opportunity] = []
        changed_events: list[OpportunityEvent] = []
        for plan in self.plans:
            lead = lead_rows[plan.lead_id]
            events = by_lead.get(plan.lead_id, [])
            lead_end = plan.deal_start or min(
                now, plan.born + timedelta(days=self.rng.randint(0, 10))
            )
            _spread(events, plan.born, lead_end)
            lead.created_at = plan.born
            lead.updated_at = events[-1].at if events else plan.born
            if plan.opportunity_id is None:
                continue
            assert plan.deal_start is not None  # noqa: S101
            assert plan.deal_end is not None  # noqa: S101
            deal = deals[plan.opportunity_id]
            events_of_deal = deal_events.get(deal.pk, [])
            _spread(events_of_deal, plan.deal_start, plan.deal_end)
            entered = plan.deal_start
            for deal_event in events_of_deal:
                if "seconds_in_stage" in deal_event.data:
                    seconds = int((deal_event.at - entered).total_seconds())
                    deal_event.data["seconds_in_stage"] = seconds
                    entered = deal_event.at
                if deal_event.type == OpportunityEventType.COMPLAINT_RESOLVED:
                    deal_event.data["hours_to_resolve"] = round(self.rng.uniform(2, 96), 2)
            changed_events.extend(events_of_deal)
            deal.created_at = plan.deal_start
            deal.stage_entered_at = entered
            deal.updated_at = plan.deal_end
            if deal.closed_on is not None:
                deal.closed_on = plan.deal_end.date()
            changed_deals.append(deal)
        LeadEvent.objects.bulk_update(lead_events.values(), ["at"], batch_size=500)
        Lead.objects.bulk_update(lead_rows.values(), ["created_at", "updated_at"], batch_size=500)
        OpportunityEvent.objects.bulk_update(changed_events, ["at", "data"], batch_size=500)
        Opportunity.objects.bulk_update(
            changed_deals, ["created_at", "stage_entered_at", "updated_at", "closed_on"], 500
        )
        for sale in Sale.objects.select_related("opportunity"):
            sale.recorded_at = sale.opportunity.stage_entered_at
            sale.save(update_fields=["recorded_at"])
        for complaint in Complaint.objects.filter(resolved_at__isnull=False):
            resolved_at = complaint.resolved_at
            assert resolved_at is not None  # noqa: S101
            complaint.raised_at = resolved_at - timedelta(hours=self.rng.randint(2, 96))
            complaint.save(update_fields=["raised_at"])

    # --- All of it ---------------------------------------------------------------------

    def run(self) -> None:
        self.configure()
        statuses = [status for status, count in LEAD_STATUSES.items() for _ in range(count)]
        self.rng.shuffle(statuses)
        self.outcomes = [name for name, count in DEAL_OUTCOMES.items() for _ in range(count)]
        self.rng.shuffle(self.outcomes)
        for status in statuses:
            plan = self.capture()
            self.work_lead(plan, status)
            self.plans.append(plan)
        self.progress(f"{len(self.plans)} leads")
        converted = [p for p in self.plans if p.opportunity_id is not None]
        for plan in converted:
            self.work_deal(plan)
        self.progress(f"{len(converted)} deals with terms, items, strategies and activities")
        self.homes()
        self.complaints()
        self.backdate()
        self.progress("tasks, complaints and a year of history")
        self.meetings()
        self.progress("a sales meeting per team")

    def meetings(self) -> None:
        """Next week's meeting of each sales team, its agenda drafted from the pipeline, with
        one decision already noted against a deal and turned into a task for its owner."""
        for team in Team.objects.filter(kind=TeamKind.SALES, is_active=True).order_by("name"):
            meeting = sales_meeting_schedule(
                actor=team.lead, team=team, scheduled_for=self.days_ago(-7, hour=9)
            )
            deal = (
                Opportunity.objects.filter(
                    status=OpportunityStatus.OPEN, owner__memberships__team=team
                )
                .order_by("stage_entered_at", "pk")
                .first()
            )
            if deal is not None:
                sales_meeting_record_decision(
                    actor=team.lead,
                    meeting=meeting,
                    text="Stalled too long: agree a date for the decision meeting.",
                    opportunity=deal,
                    action_subject="Book the decision meeting",
                    action_owner=deal.owner,
                    action_due_on=self.today + timedelta(days=3),
                )


def _spread(events: list[Any], start: datetime, end: datetime) -> None:
    """Give ``events`` (in order) times from ``start`` to ``end``, evenly apart."""
    if not events:
        return
    if end < start:
        end = start
    step = (end - start) / max(len(events) - 1, 1)
    for n, event in enumerate(events):
        event.at = start + step * n


def load(*, progress: Callable[[str], None] = lambda message: None) -> None:
    """Create the demo sales organisation; it needs the demo people. Loading twice adds nothing."""
    if is_loaded():
        return
    _Loader(progress).run()
