"""Every CSV export escapes text a spreadsheet would run as a formula, in every text column."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tests.accounts.factories import AccountFactory, account_team
from tests.factories import user_with
from tests.sales.factories import lost_deal, open_deal, sales_team, won_deal
from twofold.accounts.models import OwnershipEvent
from twofold.accounts.services.reassign import account_reassign
from twofold.core.exports import FORMULA_STARTS, csv_cell, csv_text
from twofold.people.choices import Role
from twofold.sales.models import Pipeline
from twofold.sales.selectors.reports import REPORTS

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
SUM = "@SUM(1+1)"
ARITHMETIC = "=1+2*3"
PLUS = "+cmd|' /C calc'!A0"
MINUS = "-2+3"
TAB = "\t=1+1"
RETURN = "\r=1+1"
DEAL = '=WEBSERVICE("http://evil.example")'


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows[1:] for cell in row if cell.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("payload", [HYPERLINK, SUM, ARITHMETIC, PLUS, MINUS, TAB, RETURN])
def test_a_text_cell_that_starts_a_formula_is_written_as_text(payload: str):
    assert csv_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", [Decimal("-12.50"), -3, date(2025, 1, 2)])
def test_numbers_and_dates_are_written_as_they_are(value):
    assert csv_cell(value) == str(value)


def test_plain_text_and_empty_cells_are_left_alone():
    assert cells(csv_text(["a", "b", "c"], [["Acme, Ltd", None, "x=1"]])) == [
        ["a", "b", "c"],
        ["Acme, Ltd", "", "x=1"],
    ]


@pytest.mark.django_db
def test_the_ownership_export_escapes_every_text_column():
    old = user_with(Role.ACCOUNT_MANAGER, full_name=SUM)
    new = user_with(Role.ACCOUNT_MANAGER, full_name=PLUS)
    ae = account_team(old, new).lead
    ae.full_name = MINUS
    ae.save()
    account = AccountFactory(relationship_owner=old, name=HYPERLINK)
    account_reassign(actor=ae, account=account, new_owner=new, reason=ARITHMETIC)
    OwnershipEvent.objects.update(opportunity=open_deal(name=DEAL))
    client = Client()
    client.force_login(ae)

    response = client.get("/accounts/ownership/?format=csv")

    rows = cells(b"".join(response.streaming_content).decode())
    assert rows[1][2:] == ["'" + v for v in (HYPERLINK, DEAL, SUM, PLUS, MINUS, ARITHMETIC)]
    assert formula_cells(rows) == []


@pytest.fixture
def poisoned_sales():
    """Sales whose seller, team, pipeline and stage names are all formula payloads."""
    bdm = user_with(Role.BDM, full_name=HYPERLINK)
    team = sales_team(bdm)
    team.name = SUM
    team.save()
    won_deal(bdm, amount=Decimal("100.00"), opened_on=date(2025, 1, 1), closed_on=date(2025, 2, 1))
    lost_deal(bdm, closed_on=date(2025, 3, 1))
    open_deal(bdm, stage="Proposal", amount=Decimal("50.00"))
    pipeline = Pipeline.objects.get(name="New business")
    pipeline.name = ARITHMETIC
    pipeline.save()
    pipeline.stages.filter(name="Proposal").update(name=PLUS)
    return user_with(Role.ADMIN)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(REPORTS))
def test_each_sales_report_export_escapes_every_text_column(poisoned_sales, name: str):
    client = Client()
    client.force_login(poisoned_sales)

    response = client.get(f"/sales/reports/{name}.csv?from=2025-01-01&to=2025-12-31")

    assert response.status_code == 200
    assert formula_cells(cells(response.content.decode())) == []


@pytest.mark.django_db
def test_the_poisoned_names_reach_the_report_exports_escaped(poisoned_sales):
    client = Client()
    client.force_login(poisoned_sales)

    def text(name: str) -> str:
        url = f"/sales/reports/{name}.csv?from=2025-01-01&to=2025-12-31"
        return client.get(url).content.decode()

    assert "'" + HYPERLINK in cells(text("revenue-by-seller"))[1]
    assert "'" + SUM in cells(text("revenue-by-team"))[1]
    assert cells(text("pipeline"))[1][:2] == ["'" + ARITHMETIC, "'" + PLUS]
