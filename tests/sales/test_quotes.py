"""The quote: printable HTML and a real PDF listing items, totals, terms and instalments."""

from __future__ import annotations

import base64
import re
import zlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import user_with
from tests.sales.factories import ProductFactory, deal_for
from twofold.people.choices import Role
from twofold.sales.models import Organisation, TermSheet
from twofold.sales.services.config import organisation_update
from twofold.sales.services.items import line_item_add
from twofold.sales.services.terms import terms_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def quoted_deal():
    deal = deal_for(amount=Decimal("0.00"), name="Quoted deal")
    line_item_add(
        actor=None,
        opportunity=deal,
        product=ProductFactory(name="Insight Pro", list_price=Decimal("1500.00")),
        quantity=Decimal("2"),
    )
    terms_propose(
        actor=None,
        opportunity=deal,
        discount_percent=Decimal("10"),
        net_days=30,
        instalment_count=3,
    )
    return deal


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_html_quote_lists_items_totals_terms_and_instalments(quoted_deal):
    body = (
        signed_in(quoted_deal.owner).get(f"/sales/deals/{quoted_deal.pk}/quote/").content.decode()
    )

    assert "Insight Pro" in body
    assert "3,000.00 EUR" in body  # subtotal
    assert "\u2212300.00 EUR" in body  # minus 10 % discount
    assert "2,700.00 EUR" in body  # total
    assert body.count("900.00 EUR") == 3  # three instalments
    assert "@media print" in body


def test_the_pdf_quote_is_a_pdf(quoted_deal):
    response = signed_in(quoted_deal.owner).get(f"/sales/deals/{quoted_deal.pk}/quote.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"%%EOF" in response.content[-64:]


def test_a_quote_without_items_or_terms_still_renders(django_assert_max_num_queries):
    deal = deal_for(amount=Decimal("0.00"))
    client = signed_in(deal.owner)

    assert client.get(f"/sales/deals/{deal.pk}/quote/").status_code == 200
    assert client.get(f"/sales/deals/{deal.pk}/quote.pdf").status_code == 200


# --- The quote is the customer's document ------------------------------------------------------

INTERNAL_NOTE = "Margin is thin, do not go lower"


def _unescape(match: re.Match[bytes]) -> bytes:
    escaped = match[1]
    return bytes([int(escaped, 8)]) if escaped.isdigit() else escaped


def pdf_text(content: bytes) -> str:
    """The text a ReportLab PDF draws: its page streams decoded, the shown strings joined."""
    shown: list[str] = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        data = zlib.decompress(base64.a85decode(stream.strip().removesuffix(b"~>")))
        shown.extend(
            re.sub(rb"\\([0-7]{1,3}|.)", _unescape, literal).decode("cp1252")
            for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", data)
        )
    return " ".join(shown)


@pytest.fixture
def customer_quote(quoted_deal):
    """A quoted deal whose terms carry an internal note, for a customer with an address, sold by
    an organisation that adds 20 % VAT and keeps quotes valid 14 days."""
    Organisation.objects.create(
        name="Twofold Consulting GmbH",
        address="Hafenstraße 1\n20457 Hamburg",
        tax_number="DE123456789",
        tax_rate_percent=Decimal("20"),
        quote_valid_days=14,
    )
    quoted_deal.company.address = "12 Harbour Road\nLeith EH6 6LX"
    quoted_deal.company.save()
    TermSheet.objects.filter(opportunity=quoted_deal).update(notes=INTERNAL_NOTE)
    return quoted_deal


@pytest.fixture(params=["html", "pdf"])
def quote_text(request, customer_quote):
    """The quote's text as the customer reads it, in HTML and in the PDF."""
    client = signed_in(customer_quote.owner)
    if request.param == "html":
        return client.get(f"/sales/deals/{customer_quote.pk}/quote/").content.decode()
    return pdf_text(client.get(f"/sales/deals/{customer_quote.pk}/quote.pdf").content)


def test_internal_term_notes_never_print_on_the_quote(quote_text):
    assert INTERNAL_NOTE not in quote_text


def test_the_quote_names_our_organisation_with_its_address_and_tax_number(quote_text):
    assert "Twofold Consulting GmbH" in quote_text
    assert "Hafenstraße 1" in quote_text
    assert "20457 Hamburg" in quote_text
    assert "VAT no. DE123456789" in quote_text


def test_the_quote_names_the_customer_with_its_address(quote_text, customer_quote):
    assert customer_quote.company.name in quote_text
    assert "12 Harbour Road" in quote_text
    assert "Leith EH6 6LX" in quote_text


def test_the_quote_adds_the_organisations_tax_to_the_discounted_total(quote_text):
    assert "Total excl. VAT" in quote_text
    assert "VAT 20 %" in quote_text
    assert "540.00 EUR" in quote_text  # 20 % of 2,700.00
    assert "3,240.00 EUR" in quote_text


def test_the_quote_is_valid_for_the_organisations_number_of_days(quote_text):
    valid_until = timezone.localdate() + timedelta(days=14)

    assert f"valid until {valid_until.day} {valid_until:%B %Y}." in quote_text


def test_the_quote_ends_with_a_block_for_the_customers_acceptance(quote_text, customer_quote):
    assert "Acceptance" in quote_text
    assert f"Accepted on behalf of {customer_quote.company.name}" in quote_text
    for line in ("Name", "Signature", "Date"):
        assert line in quote_text


def test_without_an_organisation_set_up_the_quote_uses_the_defaults_and_saves_nothing(quoted_deal):
    body = (
        signed_in(quoted_deal.owner).get(f"/sales/deals/{quoted_deal.pk}/quote/").content.decode()
    )

    assert "Our organisation" in body
    assert "VAT 0 %" in body
    assert not Organisation.objects.exists()


# --- Our organisation, as an admin sets it --------------------------------------------------


def test_an_admin_sets_the_organisation_the_quotes_name():
    organisation_update(
        actor=user_with(Role.ADMIN),
        name=" Twofold Consulting GmbH ",
        address="Hafenstraße 1 \n 20457 Hamburg",
        tax_rate_percent=Decimal("19"),
        quote_valid_days=21,
    )

    saved = Organisation.current()
    assert (saved.name, saved.address, saved.tax_rate_percent, saved.quote_valid_days) == (
        "Twofold Consulting GmbH",
        "Hafenstraße 1\n20457 Hamburg",
        Decimal("19.00"),
        21,
    )


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("name", {"name": "  "}),
        ("tax_rate_percent", {"tax_rate_percent": Decimal("101")}),
        ("quote_valid_days", {"quote_valid_days": 0}),
    ],
)
def test_an_organisation_that_cannot_print_is_refused_naming_the_field(field, changes):
    with pytest.raises(ValidationError) as refused:
        organisation_update(actor=user_with(Role.ADMIN), **{"name": "Us", **changes})

    assert field in refused.value.message_dict
    assert not Organisation.objects.exists()


def test_a_seller_may_not_change_the_organisation():
    with pytest.raises(PermissionDenied):
        organisation_update(actor=user_with(Role.BDM), name="Us")


STALE = "These terms are out of date"


@pytest.fixture(params=["html", "pdf"])
def stale_quote_text(request, quoted_deal):
    """The quote after another item was added to the agreed deal, in HTML and in the PDF."""
    line_item_add(
        actor=None,
        opportunity=quoted_deal,
        product=ProductFactory(name="Onboarding", list_price=Decimal("500.00")),
    )
    client = signed_in(quoted_deal.owner)
    if request.param == "html":
        return client.get(f"/sales/deals/{quoted_deal.pk}/quote/").content.decode()
    return pdf_text(client.get(f"/sales/deals/{quoted_deal.pk}/quote.pdf").content)


def test_a_quote_whose_items_changed_after_the_terms_warns_they_are_out_of_date(
    stale_quote_text,
):
    # 3,500.00 less 10 % = 3,150.00 now; the terms still say 2,700.00.
    assert STALE in stale_quote_text
    assert "the items now come to 3,150.00 EUR after the 10 % discount" in stale_quote_text
    assert "these terms to 2,700.00 EUR" in stale_quote_text


def test_a_quote_on_current_terms_has_no_warning(quote_text):
    assert STALE not in quote_text
