"""The sales reports, checked figure by figure against hand-built sales, deals, leads and
stage moves: what an admin sees, what a sales lead sees of their team, the period and team
filters, the CSV files, the API and the number of queries."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import LeadFactory, lost_deal, open_deal, sales_team, won_deal
from twofold.people.choices import Role
from twofold.people.models import TeamMembership, User
from twofold.sales.choices import OpportunityEventType, OpportunityKind
from twofold.sales.models import Opportunity, OpportunityEvent, SaleCredit, Stage
from twofold.sales.selectors import reports
from twofold.sales.selectors.reports import ReportFilters

pytestmark = pytest.mark.django_db

YEAR_2025 = ReportFilters(date(2025, 1, 1), date(2025, 12, 31))
D = Decimal
DAY = 86400


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


@dataclass
class World:
    admin: User
    north_lead: User
    south_lead: User
    bdm1: User
    bdm2: User
    bdm3: User
    north: Any
    south: Any


def stage(name: str) -> Stage:
    return Stage.objects.get(pipeline__name="New business", name=name)


def move(deal: Any, *, kind: str, from_stage: str, days: int, on: date) -> None:
    OpportunityEvent.objects.create(
        opportunity=deal,
        type=kind,
        at=at(on),
        data={"from_id": stage(from_stage).pk, "seconds_in_stage": days * DAY},
    )


@pytest.fixture
def world() -> World:
    admin = user_with(Role.ADMIN, full_name="Ada Admin")
    north_lead = user_with(Role.SALES_LEAD, full_name="Nora North")
    south_lead = user_with(Role.SALES_LEAD, full_name="Sam South")
    bdm1 = user_with(Role.BDM, full_name="Bea One")
    bdm2 = user_with(Role.BDM, full_name="Ben Two")
    bdm3 = user_with(Role.BDM, full_name="Bo Three")
    sdr = user_with(Role.LEAD_GENERATOR, full_name="Sid Sdr")
    north = sales_team(bdm1, bdm2, sdr, lead=north_lead)
    north.name = "North"
    north.save()
    south = sales_team(bdm3, lead=south_lead)
    south.name = "South"
    south.save()

    # Sales: a split one, one per seller, one in dollars, and one a day before the period.
    d1 = won_deal(
        bdm1,
        amount=D("1000.00"),
        opened_on=date(2025, 1, 1),
        closed_on=date(2025, 2, 10),
        credits=[(bdm1, D(60), D("600.00")), (bdm2, D(40), D("400.00"))],
        source="referral",
    )
    won_deal(
        bdm2,
        amount=D("500.00"),
        opened_on=date(2025, 2, 23),
        closed_on=date(2025, 3, 5),
        source="web_form",
    )
    won_deal(bdm3, amount=D("2000.00"), opened_on=date(2025, 2, 10), closed_on=date(2025, 2, 20))
    won_deal(
        bdm1,
        amount=D("300.00"),
        currency="USD",
        opened_on=date(2025, 2, 1),
        closed_on=date(2025, 3, 1),
    )
    won_deal(bdm1, amount=D("9999.00"), closed_on=date(2024, 12, 31), source="referral")
    lost_deal(bdm1, closed_on=date(2025, 4, 1))
    lost_deal(bdm3, closed_on=date(2025, 5, 1))
    lost_deal(bdm3, closed_on=date(2024, 5, 1))

    # The open pipeline.
    open_deal(bdm1, stage="Proposal", amount=D("1000.00"))
    open_deal(bdm1, stage="Negotiation", amount=D("250.50"))
    open_deal(bdm3, stage="Discovery", amount=D("100.00"))
    OpportunityEvent.objects.filter(type=OpportunityEventType.STAGE_CHANGED).delete()

    # Leads captured in 2025 beside the two converted ones above.
    LeadFactory(source="referral", owner=bdm1, status="new", created_at=at(date(2025, 6, 1)))
    LeadFactory(source="referral", owner=sdr, status="qualified", created_at=at(date(2025, 7, 1)))
    LeadFactory(
        source="cold_call",
        owner=bdm3,
        status="disqualified",
        disqualify_reason="No budget",
        created_at=at(date(2025, 8, 1)),
    )
    LeadFactory(source="referral", owner=bdm1, created_at=at(date(2024, 8, 1)))

    # Stays in a stage that ended in 2025 (and one in 2024).
    move(
        d1,
        kind=OpportunityEventType.STAGE_CHANGED,
        from_stage="Discovery",
        days=2,
        on=date(2025, 1, 5),
    )
    move(
        d1,
        kind=OpportunityEventType.STAGE_CHANGED,
        from_stage="Discovery",
        days=4,
        on=date(2025, 1, 9),
    )
    move(d1, kind=OpportunityEventType.WON, from_stage="Negotiation", days=10, on=date(2025, 2, 10))
    move(
        d1,
        kind=OpportunityEventType.STAGE_CHANGED,
        from_stage="Proposal",
        days=99,
        on=date(2024, 6, 1),
    )
    return World(admin, north_lead, south_lead, bdm1, bdm2, bdm3, north, south)


def rows(tables: Any) -> list[tuple[str, str, Decimal, int]]:
    return [(t.currency, r.label, r.amount, r.sales) for t in tables for r in t.rows]


# --- What an admin sees ---------------------------------------------------------------------


def test_revenue_by_seller_adds_up_each_seller_s_credits_per_currency(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert rows(report.revenue_by_seller) == [
        ("EUR", "Bo Three", D("2000.00"), 1),
        ("EUR", "Ben Two", D("900.00"), 2),
        ("EUR", "Bea One", D("600.00"), 1),
        ("USD", "Bea One", D("300.00"), 1),
    ]
    assert [(t.currency, t.total) for t in report.revenue_by_seller] == [
        ("EUR", D("3500.00")),
        ("USD", D("300.00")),
    ]


def test_revenue_by_team_adds_up_its_members_credits(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert rows(report.revenue_by_team) == [
        ("EUR", "South", D("2000.00"), 1),
        ("EUR", "North", D("1500.00"), 2),
        ("USD", "North", D("300.00"), 1),
    ]


def test_the_revenue_by_team_total_counts_a_seller_in_two_teams_once(world: World):
    world.south.members.add(world.bdm2)  # Ben Two now sells in North and South

    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    members = set(TeamMembership.objects.values_list("user_id", flat=True))
    won: dict[str, Decimal] = {}
    for credit in SaleCredit.objects.filter(
        sale__closed_on__year=2025, seller_id__in=members
    ).select_related("sale"):
        won[credit.sale.currency] = won.get(credit.sale.currency, D(0)) + credit.amount
    assert sorted((t.currency, t.total) for t in report.revenue_by_team) == sorted(won.items())
    assert [(t.currency, t.total) for t in report.revenue_by_team] == [
        (t.currency, t.total) for t in report.revenue_by_seller
    ]
    assert ("EUR", "South", D("2900.00"), 3) in rows(report.revenue_by_team)


def test_revenue_by_month_counts_each_sale_once(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    sold = {
        ("EUR", "2025-02"): (D("3000.00"), 2),
        ("EUR", "2025-03"): (D("500.00"), 1),
        ("USD", "2025-03"): (D("300.00"), 1),
    }
    assert [
        (t.currency, r.key, r.amount, r.sales) for t in report.revenue_by_month for r in t.rows
    ] == [
        (currency, f"2025-{month:02}", *sold.get((currency, f"2025-{month:02}"), (D("0.00"), 0)))
        for currency in ("EUR", "USD")
        for month in range(1, 13)
    ]
    assert [(t.currency, t.total) for t in report.revenue_by_month] == [
        ("EUR", D("3500.00")),
        ("USD", D("300.00")),
    ]


GAP_PERIOD = ReportFilters(date(2024, 11, 15), date(2025, 2, 10))


@pytest.fixture
def december_without_sales() -> User:
    """Sales in November and January only; the admin who reports on them."""
    seller = user_with(Role.BDM)
    won_deal(seller, amount=D("100.00"), closed_on=date(2024, 11, 30))
    won_deal(seller, amount=D("1200.00"), closed_on=date(2025, 1, 2))
    return user_with(Role.ADMIN)


def test_a_month_without_sales_shows_as_zero_between_the_months_with_sales(
    december_without_sales: User,
):
    report = reports.sales_report(actor=december_without_sales, filters=GAP_PERIOD)

    assert rows(report.revenue_by_month) == [
        ("EUR", "Nov 2024", D("100.00"), 1),
        ("EUR", "Dec 2024", D("0.00"), 0),
        ("EUR", "Jan 2025", D("1200.00"), 1),
        ("EUR", "Feb 2025", D("0.00"), 0),
    ]


def test_the_month_csv_has_a_zero_row_for_a_month_without_sales(
    december_without_sales: User, client
):
    client.force_login(december_without_sales)

    response = client.get("/sales/reports/revenue-by-month.csv?from=2024-11-15&to=2025-02-10")

    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["month", "label", "currency", "amount", "sales"],
        ["2024-11", "Nov 2024", "EUR", "100.00", "1"],
        ["2024-12", "Dec 2024", "EUR", "0.00", "0"],
        ["2025-01", "Jan 2025", "EUR", "1200.00", "1"],
        ["2025-02", "Feb 2025", "EUR", "0.00", "0"],
    ]


def test_the_api_answers_a_zero_row_for_a_month_without_sales(december_without_sales: User, api_as):
    response = api_as(december_without_sales).get(
        "/api/v1/reports/sales/?from=2024-11-15&to=2025-02-10"
    )

    months = response.json()["revenue_by_month"][0]["rows"]
    assert [(r["key"], r["amount"], r["sales"]) for r in months] == [
        ("2024-11", "100.00", 1),
        ("2024-12", "0.00", 0),
        ("2025-01", "1200.00", 1),
        ("2025-02", "0.00", 0),
    ]


def test_the_report_page_shows_a_month_without_sales_as_zero(december_without_sales: User, client):
    client.force_login(december_without_sales)

    body = client.get("/sales/reports/?from=2024-11-15&to=2025-02-10").content.decode()

    month_table = body[body.index("Revenue by month in EUR") :]
    assert re.search(
        r"<td>Dec 2024</td>\s*<td class=\"num\">0</td>\s*<td class=\"num\">0.00</td>", month_table
    )
    assert "1,200.00" in month_table


def test_revenue_by_source_follows_the_sale_to_its_lead(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert [(t.currency, r.key, r.amount) for t in report.revenue_by_source for r in t.rows] == [
        ("EUR", "none", D("2000.00")),
        ("EUR", "referral", D("1000.00")),
        ("EUR", "web_form", D("500.00")),
        ("USD", "none", D("300.00")),
    ]


def test_pipeline_by_stage_counts_sums_and_weights_open_deals(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert [
        (r.stage, r.probability, r.count, r.amount, r.weighted)
        for t in report.pipeline
        for r in t.rows
    ] == [
        ("Discovery", 10, 1, D("100.00"), D("10.00")),
        ("Proposal", 30, 1, D("1000.00"), D("300.00")),
        ("Negotiation", 60, 1, D("250.50"), D("150.30")),
    ]


def test_win_rate_and_sales_cycle_count_deals_closed_in_the_period(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert (report.win_rate.won, report.win_rate.lost) == (4, 2)
    assert report.win_rate.percent == D("66.7")
    # (40 + 10 + 10 + 28) / 4 days from opening to winning
    assert report.win_rate.average_cycle_days == D("22.0")


def test_lead_funnel_counts_captured_qualified_and_won_by_source(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert [(r.source, r.captured, r.qualified, r.won) for r in report.funnel] == [
        ("referral", 3, 2, 1),
        ("cold_call", 1, 0, 0),
        ("web_form", 1, 1, 1),
    ]


def test_time_in_stage_averages_the_stays_that_ended_in_the_period(world: World):
    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    assert [(r.stage, r.stays, r.average_days) for r in report.stage_times] == [
        ("Discovery", 2, D("3.0")),
        ("Negotiation", 1, D("10.0")),
    ]


def test_time_in_stage_leaves_out_upsell_deals(world: World):
    upsell = open_deal(world.bdm1, name="More seats")
    Opportunity.objects.filter(pk=upsell.pk).update(kind=OpportunityKind.UPSELL)
    move(
        upsell,
        kind=OpportunityEventType.STAGE_CHANGED,
        from_stage="Discovery",
        days=30,
        on=date(2025, 3, 1),
    )

    report = reports.sales_report(actor=world.admin, filters=YEAR_2025)

    stays: dict[str, list[int]] = {}
    for event in OpportunityEvent.objects.filter(
        at__year=2025, opportunity__kind=OpportunityKind.NEW_BUSINESS, data__has_key="from_id"
    ):
        name = Stage.objects.get(pk=event.data["from_id"]).name
        stays.setdefault(name, []).append(event.data["seconds_in_stage"])
    expected = [
        (name, len(seconds), (D(sum(seconds)) / len(seconds) / DAY).quantize(D("0.1")))
        for name, seconds in stays.items()
    ]
    assert sorted((r.stage, r.stays, r.average_days) for r in report.stage_times) == sorted(
        expected
    )


def test_an_empty_period_reports_nothing_and_no_win_rate(world: World):
    report = reports.sales_report(
        actor=world.admin, filters=ReportFilters(date(2020, 1, 1), date(2020, 12, 31))
    )

    assert report.revenue_by_seller == ()
    assert report.funnel == ()
    assert report.win_rate.percent is None
    assert report.win_rate.average_cycle_days is None


# --- Scope and filters ----------------------------------------------------------------------


def test_a_sales_lead_sees_only_the_teams_they_lead(world: World):
    report = reports.sales_report(actor=world.north_lead, filters=YEAR_2025)

    assert [team.name for team in report.teams] == ["North"]
    assert rows(report.revenue_by_seller) == [
        ("EUR", "Ben Two", D("900.00"), 2),
        ("EUR", "Bea One", D("600.00"), 1),
        ("USD", "Bea One", D("300.00"), 1),
    ]
    assert rows(report.revenue_by_team) == [
        ("EUR", "North", D("1500.00"), 2),
        ("USD", "North", D("300.00"), 1),
    ]
    assert (report.win_rate.won, report.win_rate.lost) == (3, 1)
    assert report.win_rate.average_cycle_days == D("26.0")
    assert [(r.stage, r.count) for t in report.pipeline for r in t.rows] == [
        ("Proposal", 1),
        ("Negotiation", 1),
    ]
    assert [(r.source, r.captured) for r in report.funnel] == [("referral", 3), ("web_form", 1)]


def test_the_team_filter_narrows_an_admin_s_report_to_one_team(world: World):
    filters = ReportFilters(YEAR_2025.date_from, YEAR_2025.date_to, world.south.pk)

    report = reports.sales_report(actor=world.admin, filters=filters)

    assert report.team == world.south
    assert rows(report.revenue_by_seller) == [("EUR", "Bo Three", D("2000.00"), 1)]
    assert (report.win_rate.won, report.win_rate.lost) == (1, 1)
    assert [(r.source, r.captured) for r in report.funnel] == [("cold_call", 1)]
    assert report.stage_times == ()


def test_a_sales_lead_cannot_filter_on_another_lead_s_team(world: World):
    filters = ReportFilters(YEAR_2025.date_from, YEAR_2025.date_to, world.south.pk)

    with pytest.raises(ValidationError) as exc:
        reports.sales_report(actor=world.north_lead, filters=filters)

    assert exc.value.message_dict == {"team": ["No such team."]}


def test_the_period_filter_moves_every_figure(world: World):
    filters = ReportFilters(date(2025, 3, 1), date(2025, 3, 31))

    report = reports.sales_report(actor=world.admin, filters=filters)

    assert rows(report.revenue_by_seller) == [
        ("EUR", "Ben Two", D("500.00"), 1),
        ("USD", "Bea One", D("300.00"), 1),
    ]
    assert (report.win_rate.won, report.win_rate.lost) == (2, 0)
    assert report.funnel == ()


@pytest.mark.parametrize(
    "role",
    [Role.AGENT, Role.BDM, Role.LEAD_GENERATOR, Role.ACCOUNT_MANAGER, Role.DEPARTMENT_MEMBER],
)
def test_nobody_but_sales_leads_and_admins_gets_a_report(world: World, role: Role):
    with pytest.raises(PermissionDenied):
        reports.sales_report(actor=user_with(role), filters=YEAR_2025)


def test_a_sales_lead_who_is_also_an_agent_reports_on_nothing(world: World):
    world.north_lead.role_assignments.create(role=Role.AGENT)
    actor = User.objects.get(pk=world.north_lead.pk)

    report = reports.sales_report(actor=actor, filters=YEAR_2025)

    assert report.teams == ()
    assert report.revenue_by_seller == ()
    assert report.pipeline == ()


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"date_from": "2025-13-01", "date_to": "", "team": ""},
            {"from": ["Give a date as YYYY-MM-DD."]},
        ),
        (
            {"date_from": "2025-05-01", "date_to": "2025-04-01", "team": ""},
            {"to": ["The period ends before it starts."]},
        ),
        ({"date_from": "", "date_to": "", "team": "x"}, {"team": ["No such team."]}),
    ],
)
def test_bad_filters_are_reported_against_their_field(params: dict[str, str], errors: dict):
    with pytest.raises(ValidationError) as exc:
        reports.parse_filters(**params)

    assert exc.value.message_dict == errors


def test_filters_default_to_this_year():
    filters = reports.parse_filters(date_from=None, date_to=None, team=None, today=date(2026, 5, 4))

    assert filters == ReportFilters(date(2026, 1, 1), date(2026, 12, 31), None)


# --- Queries --------------------------------------------------------------------------------


def _queries(actor: User) -> int:
    actor = User.objects.get(pk=actor.pk)
    with CaptureQueriesContext(connection) as ctx:
        reports.sales_report(actor=actor, filters=YEAR_2025)
    return len(ctx.captured_queries)


def _ten_times_more(world: World) -> None:
    for n in range(10):
        seller = world.bdm1 if n % 2 else world.bdm3
        deal = won_deal(
            seller,
            amount=D("10.00"),
            closed_on=date(2025, 1 + n, 3),
            source=["event", "partner"][n % 2],
            currency=["EUR", "GBP"][n % 2],
        )
        lost_deal(seller, closed_on=date(2025, 1 + n, 4))
        open_deal(seller, stage="Proposal", amount=D("5.00"))
        move(
            deal,
            kind=OpportunityEventType.STAGE_CHANGED,
            from_stage="Proposal",
            days=n,
            on=date(2025, 1 + n, 2),
        )
        LeadFactory(source="other", owner=seller, created_at=at(date(2025, 1 + n, 1)))


@pytest.mark.parametrize("who", ["admin", "north_lead"])
def test_the_report_costs_the_same_queries_with_ten_times_the_rows(world: World, who: str):
    actor = getattr(world, who)
    before = _queries(actor)

    _ten_times_more(world)
    after = _queries(actor)

    assert before == after
    assert (
        after <= 12
    )  # roles, teams, 5 x revenue (team total), pipeline, win rate, funnel, 2 x stage times


# --- The page, its CSV files and the API -----------------------------------------------------


def test_the_report_page_draws_charts_and_shows_the_numbers_in_tables(world: World, client):
    client.force_login(world.north_lead)

    response = client.get("/sales/reports/?from=2025-01-01&to=2025-12-31")

    body = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart"' in body
    assert '<title id="chart-seller-eur-title">Revenue by seller (EUR)</title>' in body
    assert '<td class="num">900.00</td>' in body
    assert "75.0 %" in body
    assert "Bo Three" not in body
    assert "<script" not in body.split("</head>")[1]


def test_the_report_page_pins_its_queries(world: World, client, django_assert_max_num_queries):
    client.force_login(world.admin)
    client.get("/sales/reports/")
    _ten_times_more(world)

    with django_assert_max_num_queries(17):
        response = client.get("/sales/reports/?from=2025-01-01&to=2025-12-31")

    assert response.status_code == 200


def test_a_bad_filter_shows_the_error_and_the_default_report(world: World, client):
    client.force_login(world.admin)

    response = client.get("/sales/reports/?from=yesterday")

    assert response.status_code == 200
    assert "Give a date as YYYY-MM-DD." in response.content.decode()


def test_a_csv_export_is_one_report_properly_quoted(world: World, client):
    world.bdm2.full_name = '=Ben, "Two"'
    world.bdm2.save()
    client.force_login(world.north_lead)

    response = client.get("/sales/reports/revenue-by-seller.csv?from=2025-01-01&to=2025-12-31")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="sales-revenue-by-seller-20250101-20251231.csv"'
    )
    text = response.content.decode()
    assert text.splitlines()[1] == f'{world.bdm2.pk},"\'=Ben, ""Two""",EUR,900.00,2'
    assert list(csv.reader(io.StringIO(text))) == [
        ["seller_id", "seller", "currency", "amount", "sales"],
        [str(world.bdm2.pk), '\'=Ben, "Two"', "EUR", "900.00", "2"],
        [str(world.bdm1.pk), "Bea One", "EUR", "600.00", "1"],
        [str(world.bdm1.pk), "Bea One", "USD", "300.00", "1"],
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "win-rate",
            [["won", "lost", "win_rate_percent", "average_cycle_days"], ["4", "2", "66.7", "22.0"]],
        ),
        (
            "funnel",
            [
                ["source", "label", "captured", "qualified", "won"],
                ["referral", "Referral / network", "3", "2", "1"],
                ["cold_call", "Cold call", "1", "0", "0"],
                ["web_form", "Inbound web form", "1", "1", "1"],
            ],
        ),
        (
            "time-in-stage",
            [
                ["pipeline", "stage", "stays", "average_days"],
                ["New business", "Discovery", "2", "3.0"],
                ["New business", "Negotiation", "1", "10.0"],
            ],
        ),
        (
            "revenue-by-team",
            [
                ["team_id", "team", "currency", "amount", "sales"],
                ["{south}", "South", "EUR", "2000.00", "1"],
                ["{north}", "North", "EUR", "1500.00", "2"],
                ["{north}", "North", "USD", "300.00", "1"],
            ],
        ),
    ],
)
def test_each_csv_holds_its_report(world: World, client, name: str, expected: list[list[str]]):
    client.force_login(world.admin)

    response = client.get(f"/sales/reports/{name}.csv?from=2025-01-01&to=2025-12-31")

    ids = {"{south}": str(world.south.pk), "{north}": str(world.north.pk)}
    expected = [[ids.get(cell, cell) for cell in row] for row in expected]
    assert list(csv.reader(io.StringIO(response.content.decode()))) == expected


def test_an_unknown_csv_is_not_found(world: World, client):
    client.force_login(world.admin)

    assert client.get("/sales/reports/salaries.csv").status_code == 404


def test_the_api_answers_the_report_dataclasses(world: World, api_as):
    response = api_as(world.north_lead).get("/api/v1/reports/sales/?from=2025-01-01&to=2025-12-31")

    data = response.json()
    assert response.status_code == 200
    assert data["date_from"] == "2025-01-01"
    assert data["teams"] == [{"id": world.north.pk, "name": "North"}]
    assert data["revenue_by_seller"][0] == {
        "currency": "EUR",
        "total": "1500.00",
        "rows": [
            {
                "key": str(world.bdm2.pk),
                "label": "Ben Two",
                "currency": "EUR",
                "amount": "900.00",
                "sales": 2,
            },
            {
                "key": str(world.bdm1.pk),
                "label": "Bea One",
                "currency": "EUR",
                "amount": "600.00",
                "sales": 1,
            },
        ],
    }
    assert data["win_rate"] == {
        "won": 3,
        "lost": 1,
        "closed": 4,
        "percent": "75.0",
        "average_cycle_days": "26.0",
    }
    assert data["pipeline"][0]["rows"][1]["weighted"] == "150.30"


def test_the_api_reports_a_team_the_caller_does_not_run_as_a_bad_filter(world: World, api_as):
    response = api_as(world.north_lead).get(f"/api/v1/reports/sales/?team={world.south.pk}")

    assert response.status_code == 400
    assert response.json()["fields"] == {"team": ["No such team."]}
