"""The first edition of the role handbook: one page per role, in Twofold's own words.

The facts come from the source texts in the design notes (what each job does, the skills each
side needs) and the "may / may not" lines from Twofold's role table. Admins edit the pages
afterwards; this migration only creates them, and its reverse removes them again.

The content lives here, not in application code, so the migration keeps working whatever the
app's modules become later.
"""

from django.db import migrations
from django.utils import timezone

PROFILES = [
    {
        "role": "lead_generator",
        "side": "sales",
        "title": "Lead generator",
        "summary": (
            "Finds the companies that could become clients and checks whether they are worth "
            "a salesperson's time. Only the leads that pass reach a business development "
            "manager, together with everything learned about them."
        ),
        "works_on": "Leads: companies and people who might buy",
        "works_with": [
            "Prospective buyers, by phone and e-mail",
            "Business development managers, who take over the qualified leads",
            "The sales lead, who sets the targets",
        ],
        "responsibilities": [
            "Capture new leads and keep their details accurate",
            "Research each lead: the company, what it needs and who decides",
            "Call and write to leads to find out whether there is a real need and a budget",
            "Qualify or disqualify every lead, with the reason written down",
            "Pass each qualified lead to a business development manager with the notes so far",
        ],
        "skills": [
            "Clear communication on the phone and in writing",
            "Gathering and checking information",
            "Active listening",
            "Time management across many leads at once",
            "Enough product knowledge to spot a real fit",
        ],
        "measured_by": [
            "Leads qualified each month",
            "Share of qualified leads a business development manager accepts",
            "Time from a lead's capture to its hand-over",
        ],
        "hand_over": (
            "Hands each qualified lead to a business development manager with the research "
            "and conversation notes. From then on it is the BDM's opportunity."
        ),
        "may": [
            "Capture, research and call leads",
            "Qualify or disqualify leads",
            "Hand qualified leads to a business development manager",
        ],
        "may_not": [
            "Own opportunities",
            "Own customer accounts",
        ],
    },
    {
        "role": "bdm",
        "side": "sales",
        "title": "Business development manager",
        "summary": (
            "Wins new clients. A BDM starts relationships that did not exist before and takes "
            "each qualified lead through to a signed deal, following the approach the sales "
            "lead has set. Existing clients are not part of the job: once the deal is won, an "
            "account manager takes over."
        ),
        "works_on": "New-business opportunities, from qualified lead to won or lost",
        "works_with": [
            "Prospective buyers and the people who decide for them",
            "Lead generators, who pass on qualified leads",
            "Intermediaries such as wholesalers and resellers",
            "The sales lead and the rest of the sales team, in sales meetings",
            "Account managers, at the hand-over",
        ],
        "responsibilities": [
            "Take over qualified leads and turn them into opportunities",
            "Advise buyers on the products or services that fit their needs, budget and plans",
            "Prepare quotes and proposals",
            "Agree how the client pays: instalment plans and discounts, within the pricing policy",
            "Settle complaints raised before the deal is signed, quickly and courteously",
            "Work with intermediaries, collect what they know and pass it on inside the company",
            "Take part in the regular sales meetings on policy, promotions and marketing",
            "Close each deal as won or lost, following the sales lead's strategy",
            "Record every sale and report on results",
            "Brief the account manager on the new client's goals and expectations",
        ],
        "skills": [
            "Communication, spoken and written",
            "Product knowledge",
            "Problem-solving",
            "Gathering information",
            "Handling conflict",
            "Active listening",
            "Time management",
            "Working independently, often from one's own network or from cold calls",
        ],
        "measured_by": [
            "New revenue won",
            "Deals closed and win rate",
            "Recorded sales against target",
            "Time from qualified lead to close",
        ],
        "hand_over": (
            "When a deal is won, writes the hand-over package for the account manager: the "
            "client's short- and long-term goals, expectations, budget, agreed terms, key "
            "people, promises made and risks. Stays accountable until the account manager "
            "accepts it, then keeps read-only access to the account's history."
        ),
        "may": [
            "Guide buyers and prepare quotes",
            "Negotiate terms: instalments and discounts within policy",
            "Log complaints raised during the sale",
            "Work with intermediaries",
            "Close opportunities as won or lost",
        ],
        "may_not": [
            "Own or change a customer's account once it has been handed over "
            "(its history stays readable)",
        ],
    },
    {
        "role": "agent",
        "side": "sales",
        "title": "Agent",
        "summary": (
            "A self-employed business development manager, paid by commission only. Agents "
            "find and close new deals on the company's behalf, mostly through "
            "their own network."
        ),
        "works_on": "Their own new-business opportunities",
        "works_with": [
            "Their own network of prospective buyers",
            "The sales lead, who approves terms beyond policy",
            "Account managers, at the hand-over",
        ],
        "responsibilities": [
            "Find prospects, mostly through their own contacts and cold calls",
            "Advise buyers on the offer that fits them",
            "Negotiate payment terms within the pricing policy",
            "Close their deals as won or lost",
            "Record each sale, so the commission can be worked out",
            "Hand each won client over to account management",
        ],
        "skills": [
            "Communication, spoken and written",
            "Product knowledge",
            "Gathering information",
            "Handling conflict",
            "Time management",
            "Self-reliance: working with little or no team behind them",
        ],
        "measured_by": [
            "Deals won and the revenue they bring",
            "Commission earned",
        ],
        "hand_over": (
            "Same as a business development manager: each won client goes to an account "
            "manager with a complete hand-over package."
        ),
        "may": [
            "Everything a business development manager may, on their own deals",
        ],
        "may_not": [
            "See other agents' or employees' pipeline",
            "See any compensation but their own",
        ],
    },
    {
        "role": "sales_lead",
        "side": "sales",
        "title": "Sales lead",
        "summary": (
            "Runs the sales team. The sales lead decides how important deals should be won, "
            "approves terms beyond policy and keeps the team's pipeline and results in view."
        ),
        "works_on": "The sales team and its pipeline",
        "works_with": [
            "Business development managers, agents and lead generators",
            "Account executives, on hand-overs",
            "Finance and legal, on unusual terms",
        ],
        "responsibilities": [
            "Set the strategy for each important deal",
            "Approve discounts and instalment plans beyond policy",
            "Run the regular sales meetings: policy, promotions and marketing questions",
            "Follow the team's pipeline and sales reports",
            "Reassign leads and opportunities when someone is overloaded or leaves",
        ],
        "skills": [
            "Strategic thinking",
            "Communication, spoken and written",
            "Handling conflict",
            "Problem-solving",
            "Time management",
        ],
        "measured_by": [
            "Team revenue against target",
            "Win rate and forecast accuracy",
            "Hand-over quality: how often account managers send packages back",
        ],
        "hand_over": (
            "Makes sure every won deal reaches account management on time, with a complete "
            "package."
        ),
        "may": [
            "Set deal strategy",
            "Approve terms beyond policy",
            "Run sales meetings",
            "See the team's pipeline and reports",
            "Reassign work within the team",
        ],
        "may_not": [],
    },
    {
        "role": "account_manager",
        "side": "accounts",
        "title": "Account manager",
        "summary": (
            "Looks after clients once they have signed, so that the relationship stays healthy "
            "and grows. The account manager is the client's everyday contact, speaks up for the "
            "client inside the company and keeps projects, budget and renewals on track."
        ),
        "works_on": "The customer accounts assigned to them",
        "works_with": [
            "The same client contacts, day after day",
            "Delivery, support, finance, legal and product, through internal requests",
            "Sales colleagues: at the hand-over, and when preparing an offer together",
        ],
        "responsibilities": [
            "Stay in regular touch with each client so their needs and expectations are met",
            "Learn each client's short- and long-term goals and help reach them",
            "Bring in other departments when a client needs more than one person can give",
            "Speak for the client in internal meetings and argue for changes that help them",
            "Know the client's budget and get the most out of it",
            "Explain and agree changed terms with the client when the company's terms change",
            "Run each client project from kick-off to completion",
            "Offer upgrades (upsell) and further products or services (cross-sell)",
            "Work towards each renewal well before the contract ends",
        ],
        "skills": [
            "Multitasking",
            "Clear spoken and written communication",
            "Attention to detail",
            "Emotional intelligence",
            "Empathy",
            "Strategic thinking",
            "Good listening",
            "Problem-solving",
        ],
        "measured_by": [
            "Renewals and revenue kept (gross revenue retention)",
            "Growth of the portfolio (net revenue retention, upsell and cross-sell)",
            "Client satisfaction and account health",
            "Hand-overs accepted on time",
        ],
        "hand_over": (
            "Receives the hand-over package from sales, accepts it or sends it back with "
            "questions, and owns the relationship from acceptance on."
        ),
        "may": [
            "Accept hand-overs",
            "Log interactions",
            "Run projects",
            "Track the client's budget and goals",
            "Raise internal requests",
            "Record client feedback",
            "Open upsell, cross-sell and renewal opportunities",
            "Negotiate changed terms",
        ],
        "may_not": [
            "Work prospects: new business belongs to sales",
        ],
    },
    {
        "role": "key_account_manager",
        "side": "accounts",
        "title": "Key account manager",
        "summary": (
            "Owns the whole relationship with the company's most important clients. Beyond "
            "everyday account management, a KAM plans each key account: its strategy, the "
            "people who matter, negotiations and projects."
        ),
        "works_on": "The most important customer accounts",
        "works_with": [
            "Senior people on the client's side",
            "Other departments, on large projects",
            "The account executive",
        ],
        "responsibilities": [
            "Everything an account manager does, for the key accounts",
            "Write and keep the account plan: objectives and the actions that reach them",
            "Map the client's stakeholders: role, support, influence and who reports to whom",
            "Lead negotiations with the key client",
            "Manage the key client's projects",
            "Plan the account's long-term strategy and review it with the client",
        ],
        "skills": [
            "Strategic thinking",
            "Negotiation",
            "Project management",
            "Empathy",
            "Clear spoken and written communication",
            "Attention to detail",
        ],
        "measured_by": [
            "Progress against the account plan's objectives",
            "Revenue kept and grown in the key accounts",
            "Coverage of the client's stakeholders",
        ],
        "hand_over": (
            "Takes over a key account from sales, or from an account manager when the account "
            "becomes key, together with its history and plan."
        ),
        "may": [
            "Everything an account manager may",
            "Own the account plan: strategy, stakeholder map, negotiation, projects",
        ],
        "may_not": [],
    },
    {
        "role": "account_executive",
        "side": "accounts",
        "title": "Account executive",
        "summary": (
            "A senior account-management role. The account executive looks after each "
            "client's most important needs and oversees everything the account managers in "
            "the team do."
        ),
        "works_on": "A team of account managers and key account managers",
        "works_with": [
            "The account managers and key account managers in the team",
            "The sales lead",
            "Clients, when their most important needs are at stake",
        ],
        "responsibilities": [
            "Oversee all dealings of the account managers in the team",
            "Keep each client's most important needs in hand",
            "Review the team's portfolios and their figures",
            "Reassign accounts to balance the team's workload",
            "Approve changed terms that account managers negotiate",
        ],
        "skills": [
            "Strategic thinking",
            "Clear spoken and written communication",
            "Emotional intelligence",
            "Problem-solving",
            "Multitasking",
        ],
        "measured_by": [
            "Retention and growth across the team's portfolios",
            "Coverage: every account has an owner with room for it",
            "Client satisfaction across the team",
        ],
        "hand_over": (
            "Makes sure each hand-over is accepted by the right account manager and that none "
            "waits too long."
        ),
        "may": [
            "Oversee all dealings of their account managers",
            "See their portfolios and metrics",
            "Reassign accounts",
            "Approve changed terms",
        ],
        "may_not": [],
    },
    {
        "role": "department_member",
        "side": "supporting",
        "title": "Department member",
        "summary": (
            "Works in delivery, support, finance, legal or product and handles the requests "
            "account managers raise on a client's behalf. The outcome goes back to the "
            "account, so the client hears one consistent story."
        ),
        "works_on": "Internal requests from account managers",
        "works_with": [
            "Account managers and key account managers",
            "Colleagues in the same department",
        ],
        "responsibilities": [
            "Receive the requests account managers raise",
            "Work each request and keep its status current",
            "Resolve requests within the agreed time",
            "Report the outcome, so it is recorded on the client's account",
        ],
        "skills": [
            "Problem-solving",
            "Clear written communication",
            "Attention to detail",
            "Time management",
        ],
        "measured_by": [
            "Requests resolved within the agreed time",
            "Requests reopened",
        ],
        "hand_over": (
            "Not part of the sales hand-over; picks up work when an account manager raises a "
            "request."
        ),
        "may": [
            "Receive, work and resolve requests raised by account managers",
        ],
        "may_not": [
            "See pipeline",
            "See compensation",
        ],
    },
    {
        "role": "admin",
        "side": "supporting",
        "title": "Admin",
        "summary": (
            "Sets Twofold up for the way the company works: who uses it, with which roles and "
            "teams, and the stages, policies and catalog the revenue team works with."
        ),
        "works_on": "Twofold's configuration",
        "works_with": [
            "Sales leads and account executives, who say how their teams work",
            "Every user, for their access",
        ],
        "responsibilities": [
            "Invite users, give them roles and deactivate leavers",
            "Set up teams and their leads",
            "Configure pipeline stages and policies such as discount limits",
            "Keep the product catalog current",
            "Keep this role handbook accurate",
        ],
        "skills": [
            "Attention to detail",
            "Problem-solving",
            "Clear written communication",
        ],
        "measured_by": [
            "People get the access they need without waiting",
            "The configuration matches how the company sells and serves clients",
        ],
        "hand_over": "Configures the hand-over: which policies apply and who receives accounts.",
        "may": [
            "Manage users, roles and teams",
            "Configure stages, policies and the catalog",
        ],
        "may_not": [],
    },
]

LINE_FIELDS = ("works_with", "responsibilities", "skills", "measured_by", "may", "may_not")


def create_profiles(apps, schema_editor):
    RoleProfile = apps.get_model("handbook", "RoleProfile")
    HistoricalRoleProfile = apps.get_model("handbook", "HistoricalRoleProfile")
    now = timezone.now()
    for data in PROFILES:
        values = {
            key: "\n".join(value) if key in LINE_FIELDS else value for key, value in data.items()
        }
        values["updated_at"] = now
        profile = RoleProfile.objects.create(**values)
        # Migrations use historical model classes, which simple-history does not watch: write
        # the "created" entry ourselves, so the first edit shows only what it changed.
        HistoricalRoleProfile.objects.create(
            id=profile.pk,
            history_date=now,
            history_type="+",
            history_change_reason="First edition",
            history_source="system",
            history_user=None,
            **values,
        )


def delete_profiles(apps, schema_editor):
    RoleProfile = apps.get_model("handbook", "RoleProfile")
    HistoricalRoleProfile = apps.get_model("handbook", "HistoricalRoleProfile")
    roles = [p["role"] for p in PROFILES]
    HistoricalRoleProfile.objects.filter(role__in=roles).delete()
    RoleProfile.objects.filter(role__in=roles).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0002_role_profile_works_with_measured_by_hand_over"),
    ]

    operations = [
        migrations.RunPython(create_profiles, delete_profiles),
    ]
