"""The words of the demo's accounts: goals per industry, hand-over texts, interactions,
internal requests and the client's feedback. Data only; ``accounts`` decides what goes where."""

from __future__ import annotations

from twofold.accounts.choices import ContactRole, FeedbackKind, FeedbackStatus, InteractionKind
from twofold.departments.choices import Priority, RequestType
from twofold.people.choices import Department

# industry -> (short-term goals, long-term goals, success criteria)
GOALS = {
    "Logistics": (
        ("Live tracking report for every depot", "Train 30 dispatchers"),
        ("One view of fleet costs across countries", "Cut empty runs by a tenth"),
        "Depot managers open the dashboard daily; fuel cost per route known a week after "
        "month end.",
    ),
    "Food & beverage": (
        ("Waste report per production line", "Connect both bakeries' ERP data"),
        ("Demand forecast per retail chain", "Traceability reports ready for audits"),
        "Waste down 5 % in the first year; an audit report takes one day instead of five.",
    ),
    "Manufacturing": (
        ("Downtime dashboard for plant 1", "Quality report for the Monday meeting"),
        ("Dashboards in all three plants", "Predictive maintenance pilot"),
        "Unplanned downtime visible per shift; plant managers stop keeping their own spreadsheets.",
    ),
    "Healthcare": (
        ("Bed occupancy report for both clinics", "Data-protection review signed off"),
        ("Staff planning from the occupancy forecast", "Reports shared with the health region"),
        "Occupancy known by 8 am every day; the data-protection officer signs the terms.",
    ),
    "Retail": (
        ("Sales per store and category every morning", "Connect the web shop"),
        ("Stock forecast per store", "Loyalty data in the same reports"),
        "Area managers read the morning report daily; stock-outs of the top 100 items down "
        "by a fifth.",
    ),
    "Energy": (
        ("Meter data loaded every night", "Outage report for the control room"),
        ("Load forecast per region", "Regulatory reports without manual work"),
        "The nightly load finishes before 6 am; the quarterly regulator report takes a day.",
    ),
}
EXPANSION = (
    ("Add the second site to the reports", "Train the new site's team leads"),
    ("One contract for the whole group",),
    "The new site reports like the first within a month of go-live.",
)
EXPECTATIONS = (
    "Weekly check-ins during the roll-out, then monthly; one named contact, not a ticket queue.",
    "A quarterly business review with their COO and answers to support questions within a day.",
    "An on-site kick-off with operations and IT; they expect us to lead the project plan.",
    "Short answers by e-mail and a one-page monthly summary; they dislike long meetings.",
)
PROMISES = (
    "Live in six weeks; training for team leads included; price per seat fixed for two years.",
    "A named support engineer for the first three months.",
    "Single sign-on in the first release and a roadmap session with our product manager.",
    "A free extra training day if the pilot slips because of us.",
)
RISKS = (
    "The CFO preferred the incumbent and will watch the first invoices closely.",
    "Their IT team is two people, busy with an ERP upgrade until spring.",
    "Our champion may move to another role next year.",
    "The budget for the second phase is not approved yet.",
)
QUESTIONS = (
    "Who signs off the roll-out plan on their side, and has their IT lead seen the terms?",
    "The promises mention free training days: how many, and is that in the contract?",
    "What exactly did we promise about single sign-on, and by when?",
)
ANSWERS = (
    "Their COO signs off; IT saw the terms in the last meeting and had no objections.",
    "Two days, written into the contract's notes; added to the package.",
    "Single sign-on with their Entra ID in the first release, by the end of next month.",
)
# The people at a new client the seller names as stakeholders: role, job title, note.
STAKEHOLDERS = (
    (ContactRole.CHAMPION, "Head of operations", "Runs the project on their side"),
    (ContactRole.FINANCE, "Finance manager", "Approves our invoices"),
    (ContactRole.TECHNICAL, "IT manager", "Owns the integration"),
    (ContactRole.USER, "Team lead", "Among the first users"),
    (ContactRole.BUYER, "Procurement lead", "Signs renewals"),
)
SUBJECTS = {
    InteractionKind.CALL: (
        "Check-in call",
        "Call about the second invoice",
        "Weekly roll-out call",
        "Call with their new IT lead",
    ),
    InteractionKind.MEETING: (
        "Quarterly business review",
        "On-site visit at their head office",
        "Roadmap session with their data team",
        "Training session for team leads",
    ),
    InteractionKind.EMAIL: (
        "Sent the monthly usage report",
        "Shared the roll-out plan",
        "Answered questions on data retention",
        "Sent the meeting notes and actions",
    ),
    InteractionKind.NOTE: (
        "Champion moves to a new role in spring",
        "Next year's budget is set in October",
        "They compare us with a competitor's add-on",
        "Very happy with support's response times",
    ),
}
KIND_WEIGHTS = {
    InteractionKind.CALL: 35,
    InteractionKind.MEETING: 20,
    InteractionKind.EMAIL: 35,
    InteractionKind.NOTE: 10,
}
BODIES = (
    "Usage is up since the training; two team leads still export to spreadsheets.",
    "Agreed the dates for the next phase; they want the plan in writing.",
    "Questions about the invoice answered; finance is fine with the instalments.",
    "They asked about the forecasting module; sent the brochure.",
    "",
)
NEXT_STEPS = (
    "Send the QBR deck",
    "Book the roll-out review",
    "Propose the second-site expansion",
    "Confirm next year's budget with finance",
    "Follow up on the export issue",
    "Plan the renewal conversation",
)
BUYING_CENTRES = ("Operations", "IT", "Finance", "Logistics", "Marketing")

# department, type, title, details, priority, what happens, hours ago, outcome or reason
REQUESTS = (
    (
        Department.DELIVERY,
        RequestType.DELIVERY,
        "Plan the second-site roll-out",
        "The client opens a second site in spring; 40 users, same set-up as the first.",
        Priority.NORMAL,
        "open",
        6,
        "",
    ),
    (
        Department.DELIVERY,
        RequestType.DELIVERY,
        "Extra training day for new team leads",
        "Promised in the hand-over if the pilot slipped; it did, by a week.",
        Priority.HIGH,
        "in_progress",
        20,
        "",
    ),
    (
        Department.DELIVERY,
        RequestType.DELIVERY,
        "Connect the web shop's order data",
        "Their web shop runs on Shopware; they want orders in the morning report.",
        Priority.NORMAL,
        "resolved",
        24 * 40,
        "Connected; orders load every night at 2 am. Trained two of their analysts.",
    ),
    (
        Department.SUPPORT,
        RequestType.SUPPORT,
        "Report export fails for long date ranges",
        "Exports of more than six months time out; their CFO needs the year for the board.",
        Priority.URGENT,
        "open",
        9,
        "",
    ),
    (
        Department.SUPPORT,
        RequestType.PRODUCT,
        "Question about data retention settings",
        "Their data-protection officer asks how long raw meter data is kept.",
        Priority.LOW,
        "assigned",
        30,
        "",
    ),
    (
        Department.SUPPORT,
        RequestType.SUPPORT,
        "Users locked out after the single sign-on change",
        "Twelve users cannot sign in since their IT switched identity providers.",
        Priority.HIGH,
        "resolved",
        24 * 20,
        "Their new provider sent another user id; mapped it by e-mail and everyone is back.",
    ),
    (
        Department.FINANCE,
        RequestType.BILLING,
        "Split the invoice by cost centre",
        "Operations and IT pay separately from next quarter; they sent the cost centres.",
        Priority.NORMAL,
        "open",
        10,
        "",
    ),
    (
        Department.FINANCE,
        RequestType.BILLING,
        "Credit note for a duplicate instalment",
        "The March instalment was invoiced twice.",
        Priority.HIGH,
        "resolved",
        24 * 60,
        "Credit note sent on the same day; the client confirmed.",
    ),
    (
        Department.FINANCE,
        RequestType.BILLING,
        "Extend payment terms to 90 days",
        "Their new CFO asks for 90 days on all suppliers.",
        Priority.NORMAL,
        "declined",
        24 * 15,
        "Beyond our payment policy: we can offer 60 days with quarterly instalments.",
    ),
    (
        Department.LEGAL,
        RequestType.CONTRACT,
        "Review the client's data-processing addendum",
        "Their lawyers sent their own addendum; it replaces ours in two places.",
        Priority.NORMAL,
        "in_progress",
        40,
        "",
    ),
    (
        Department.LEGAL,
        RequestType.CONTRACT,
        "New company name after the merger",
        "The client merged with a sister company; contracts need the new name.",
        Priority.LOW,
        "resolved",
        24 * 30,
        "Amendment letter signed by both sides; the contract is on file.",
    ),
    (
        Department.PRODUCT,
        RequestType.PRODUCT,
        "Is a German user interface planned?",
        "Half of their users are in Austria and ask for German screens.",
        Priority.NORMAL,
        "open",
        26,
        "",
    ),
    (
        Department.PRODUCT,
        RequestType.OTHER,
        "Beta access to the forecasting module",
        "They would test it with one region.",
        Priority.LOW,
        "withdrawn",
        24 * 10,
        "The client postponed the forecasting project to next year.",
    ),
)
# title, kind, what the client said, triage status, response, how many clients ask, days ago
FEEDBACK = (
    (
        "Single sign-on with Microsoft Entra ID",
        FeedbackKind.PRODUCT_CHANGE,
        "Their IT wants every tool behind the same sign-in by summer.",
        FeedbackStatus.PLANNED,
        "Planned for the second quarter; we will invite them to the beta.",
        3,
        40,
    ),
    (
        "Invoices per cost centre",
        FeedbackKind.POLICY_CHANGE,
        "Departments pay separately and want their own invoice.",
        FeedbackStatus.UNDER_REVIEW,
        "",
        2,
        25,
    ),
    (
        "Offline mode for the mobile app",
        FeedbackKind.PRODUCT_CHANGE,
        "Drivers lose the signal in the warehouses.",
        FeedbackStatus.DECLINED,
        "Not this year: the app needs live data; we will cache the last report instead.",
        1,
        60,
    ),
    (
        "Export dashboards to PowerPoint",
        FeedbackKind.PRODUCT_CHANGE,
        "The board pack is built by hand every month.",
        FeedbackStatus.DONE,
        "Released in version 4.2: every dashboard exports to PowerPoint.",
        1,
        90,
    ),
    (
        "Onboarding was smooth and on time",
        FeedbackKind.FEEDBACK,
        "Their COO thanked the delivery team in the steering meeting.",
        FeedbackStatus.NEW,
        "",
        1,
        12,
    ),
    (
        "Support answers slowly on Fridays",
        FeedbackKind.FEEDBACK,
        "Two tickets waited until Monday.",
        FeedbackStatus.NEW,
        "",
        1,
        5,
    ),
)
