"""The quote a seller sends: both parties, the deal's line items, totals with tax, the current
terms with their instalment schedule, the validity and a block for the customer's acceptance, as
printable HTML (its own print CSS) and as a PDF drawn with ReportLab (pure Python: nothing to
install on the machine).

The quote is the customer's document: the term sheet's notes are internal (for the approving
sales lead and the account manager) and never print on it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from twofold import policies
from twofold.core.money import format_money, quantize
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import TermSheetStatus
from twofold.sales.models import Instalment, LineItem, Opportunity, Organisation, TermSheet
from twofold.sales.models.terms import in_force
from twofold.sales.services.terms import outdated_terms_warning


@dataclass(frozen=True)
class Quote:
    deal: Opportunity
    number: str
    issued_on: date
    valid_until: date
    seller: Organisation
    customer_name: str
    customer_address: str
    items: list[LineItem]
    subtotal: Decimal
    terms: TermSheet | None
    instalments: list[Instalment]
    discount_amount: Decimal
    total: Decimal  # after the discount, before tax
    tax_amount: Decimal
    total_with_tax: Decimal
    currency: str
    # Not empty when the items changed after the terms were set (they need proposing again).
    terms_warning: str = ""

    @property
    def tax_line_label(self) -> str:
        return f"{self.seller.tax_label} {self.seller.tax_rate_percent.normalize():f} %"

    @property
    def terms_label(self) -> str:
        if self.terms is None:
            return "No terms agreed yet"
        if self.terms.status == TermSheetStatus.APPROVED:
            return "Agreed terms"
        return "Proposed terms (awaiting approval)"


def quote_for(*, actor: User, deal: Opportunity) -> Quote:
    """The quote of a deal the actor may see (four queries)."""
    if not policies.can(actor, Perm.OPPORTUNITY_VIEW, deal):
        raise Http404("No such deal.")
    items = list(LineItem.objects.filter(opportunity=deal).select_related("product").order_by("id"))
    subtotal = quantize(sum((item.total for item in items), Decimal(0)))
    terms = in_force(TermSheet.objects.filter(opportunity=deal)).first()
    instalments = list(terms.instalments.order_by("number")) if terms else []
    total = terms.total if terms else subtotal
    seller = Organisation.current()
    tax_amount = quantize(total * seller.tax_rate_percent / 100)
    issued_on = timezone.localdate()
    company = deal.company
    return Quote(
        deal=deal,
        number=f"Q-{deal.pk:06d}",
        issued_on=issued_on,
        valid_until=issued_on + timedelta(days=seller.quote_valid_days),
        seller=seller,
        customer_name=company.name if company else deal.name,
        customer_address=company.address if company else "",
        items=items,
        subtotal=subtotal,
        terms=terms,
        instalments=instalments,
        discount_amount=quantize(subtotal - total) if terms else Decimal("0.00"),
        total=total,
        tax_amount=tax_amount,
        total_with_tax=total + tax_amount,
        currency=deal.currency,
        terms_warning=outdated_terms_warning(deal, terms),
    )


def _date(day: date) -> str:
    """4 December 2026, as the HTML quote writes it."""
    return f"{day.day} {day:%B %Y}"


def _money(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


def render_pdf(quote: Quote) -> bytes:
    """The quote as an A4 PDF."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Quote {quote.number}",
        author="Twofold",
    )
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=9, textColor=colors.grey)
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=9, leading=11)
    deal = quote.deal
    seller = quote.seller
    warning = ParagraphStyle(
        "warning",
        parent=styles["Normal"],
        fontSize=10,
        textColor=colors.HexColor("#b3261e"),
        borderColor=colors.HexColor("#b3261e"),
        borderWidth=0.8,
        borderPadding=6,
        spaceAfter=6 * mm,
    )
    story: list = [
        Paragraph(f"Quote {quote.number}", styles["Title"]),
        *([Paragraph(_esc(quote.terms_warning), warning)] if quote.terms_warning else []),
        _parties_table(quote, cell),
        Spacer(1, 4 * mm),
        Paragraph(
            f"{_esc(deal.name)} · issued {_date(quote.issued_on)} by {_esc(str(deal.owner))}"
            f" · valid until <b>{_date(quote.valid_until)}</b>",
            small,
        ),
        Spacer(1, 6 * mm),
    ]
    rows: list[list] = [["Product", "Qty", "Unit price", "Discount", "Total"]]
    rows.extend(
        [
            Paragraph(
                f"{_esc(item.product.name)}<br/><font size=7 color=grey>"
                f"{_esc(item.product.code)}</font>",
                cell,
            ),
            f"{item.quantity.normalize():f}",
            _money(item.unit_price, quote.currency),
            f"{item.discount_percent.normalize():f} %",
            _money(item.total, quote.currency),
        ]
        for item in quote.items
    )
    if not quote.items:
        rows.append([Paragraph("No line items yet.", cell), "", "", "", ""])
    rows.append(["", "", "", "Subtotal", _money(quote.subtotal, quote.currency)])
    if quote.terms is not None and quote.terms.discount_percent:
        rows.append(
            [
                "",
                "",
                "",
                f"Discount {quote.terms.discount_percent.normalize():f} %",
                f"-{_money(quote.discount_amount, quote.currency)}",
            ]
        )
    rows.append(
        ["", "", "", f"Total excl. {seller.tax_label}", _money(quote.total, quote.currency)]
    )
    rows.append(["", "", "", quote.tax_line_label, _money(quote.tax_amount, quote.currency)])
    rows.append(["", "", "", "Total", _money(quote.total_with_tax, quote.currency)])
    table = Table(rows, colWidths=[70 * mm, 15 * mm, 30 * mm, 30 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("FONT", (3, -1), (-1, -1), "Helvetica-Bold", 10),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (3, -1), (-1, -1), 0.8, colors.black),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, len(quote.items) or 1), [None, colors.whitesmoke]),
            ]
        )
    )
    story += [table, Spacer(1, 8 * mm), Paragraph(quote.terms_label, styles["Heading2"])]
    if quote.terms is not None:
        sheet = quote.terms
        story.append(
            Paragraph(
                f"Payment {sheet.net_days} days net, in {sheet.instalment_count} "
                f"instalment{'s' if sheet.instalment_count != 1 else ''}.",
                styles["Normal"],
            )
        )
        schedule = [["#", "Due", f"Amount excl. {seller.tax_label}"]] + [
            [str(i.number), f"{i.due_date:%d %b %Y}", _money(i.amount, quote.currency)]
            for i in quote.instalments
        ]
        schedule.append(
            ["", f"Total excl. {seller.tax_label}", _money(sheet.total, quote.currency)]
        )
        plan = Table(schedule, colWidths=[12 * mm, 40 * mm, 35 * mm], hAlign="LEFT")
        plan.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                    ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                    ("FONT", (1, -1), (-1, -1), "Helvetica-Bold", 9),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEABOVE", (1, -1), (-1, -1), 0.8, colors.black),
                    ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ]
            )
        )
        story += [Spacer(1, 3 * mm), plan]
    story += [
        Spacer(1, 8 * mm),
        Paragraph("Acceptance", styles["Heading2"]),
        Paragraph(
            f"Accepted on behalf of {_esc(quote.customer_name)}, on the terms of this quote.",
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        _acceptance_table(),
        Spacer(1, 8 * mm),
        Paragraph(
            f"Prices in {quote.currency}. This quote is valid until {_date(quote.valid_until)}.",
            small,
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _address_lines(name: str, address: str, *extra: str) -> str:
    lines = [f"<b>{_esc(name)}</b>"]
    lines += [_esc(line) for line in address.splitlines() if line.strip()]
    lines += [_esc(line) for line in extra if line]
    return "<br/>".join(lines)


def _parties_table(quote: Quote, style: ParagraphStyle) -> Table:
    """From (our organisation) and To (the customer), side by side."""
    seller, contact = quote.seller, quote.deal.contact
    tax = f"{seller.tax_label} no. {seller.tax_number}" if seller.tax_number else ""
    attention = f"Attn. {contact.full_name}" if contact else ""
    table = Table(
        [
            ["From", "To"],
            [
                Paragraph(_address_lines(seller.name, seller.address, tax), style),
                Paragraph(
                    _address_lines(quote.customer_name, quote.customer_address, attention), style
                ),
            ],
        ],
        colWidths=[87 * mm, 87 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _acceptance_table() -> Table:
    """Lines for the customer's name, signature and date."""
    table = Table(
        [["", "", ""], ["Name", "Signature", "Date"]],
        colWidths=[60 * mm, 70 * mm, 40 * mm],
        rowHeights=[12 * mm, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, 1), "Helvetica", 8),
                ("TEXTCOLOR", (0, 1), (-1, 1), colors.grey),
                ("LINEBELOW", (0, 0), (0, 0), 0.6, colors.black),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                ("LINEBELOW", (2, 0), (2, 0), 0.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm),
            ]
        )
    )
    return table


def _esc(text: str) -> str:
    """ReportLab paragraphs read a little markup: escape what people typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
