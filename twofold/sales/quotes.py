"""The quote a seller sends: the deal's line items, totals, and the current terms with their
instalment schedule, as printable HTML (its own print CSS) and as a PDF drawn with ReportLab
(pure Python: nothing to install on the machine)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from twofold import policies
from twofold.core.money import quantize
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import TermSheetStatus
from twofold.sales.models import Instalment, LineItem, Opportunity, TermSheet


@dataclass(frozen=True)
class Quote:
    deal: Opportunity
    number: str
    issued_on: date
    items: list[LineItem]
    subtotal: Decimal
    terms: TermSheet | None
    instalments: list[Instalment]
    discount_amount: Decimal
    total: Decimal
    currency: str

    @property
    def terms_label(self) -> str:
        if self.terms is None:
            return "No terms agreed yet"
        if self.terms.status == TermSheetStatus.APPROVED:
            return "Agreed terms"
        return "Proposed terms (awaiting approval)"


def quote_for(*, actor: User, deal: Opportunity) -> Quote:
    """The quote of a deal the actor may see (three queries)."""
    if not policies.can(actor, Perm.OPPORTUNITY_VIEW, deal):
        raise Http404("No such deal.")
    items = list(LineItem.objects.filter(opportunity=deal).select_related("product").order_by("id"))
    subtotal = quantize(sum((item.total for item in items), Decimal(0)))
    terms = (
        TermSheet.objects.filter(opportunity=deal)
        .exclude(status=TermSheetStatus.REJECTED)
        .order_by("-created_at", "-id")
        .first()
    )
    instalments = list(terms.instalments.order_by("number")) if terms else []
    total = terms.total if terms else subtotal
    return Quote(
        deal=deal,
        number=f"Q-{deal.pk:06d}",
        issued_on=timezone.localdate(),
        items=items,
        subtotal=subtotal,
        terms=terms,
        instalments=instalments,
        discount_amount=quantize(subtotal - total) if terms else Decimal("0.00"),
        total=total,
        currency=deal.currency,
    )


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


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
    story: list = [
        Paragraph(f"Quote {quote.number}", styles["Title"]),
        Paragraph(
            f"For <b>{_esc(str(deal.company or deal.name))}</b> · {_esc(deal.name)}",
            styles["Normal"],
        ),
        Paragraph(f"Issued {quote.issued_on:%d %B %Y} by {_esc(str(deal.owner))}", small),
        Spacer(1, 8 * mm),
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
    rows.append(["", "", "", "Total", _money(quote.total, quote.currency)])
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
        schedule = [["#", "Due", "Amount"]] + [
            [str(i.number), f"{i.due_date:%d %b %Y}", _money(i.amount, quote.currency)]
            for i in quote.instalments
        ]
        schedule.append(["", "Total", _money(sheet.total, quote.currency)])
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
        if sheet.notes:
            story += [Spacer(1, 3 * mm), Paragraph(_esc(sheet.notes), styles["Normal"])]
    story += [
        Spacer(1, 10 * mm),
        Paragraph("Prices in " + quote.currency + ". This quote is valid for 30 days.", small),
    ]
    doc.build(story)
    return buffer.getvalue()


def _esc(text: str) -> str:
    """ReportLab paragraphs read a little markup: escape what people typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
