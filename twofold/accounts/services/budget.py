"""The client's budget per year and buying centre, and the account's wallet figures.

``Account.budget_total`` (this year's budget) and ``Account.sold_total`` (what we sold this
year) are kept here so the portfolio sorts on them; call ``account_refresh_wallet`` after
anything that changes them (a budget line, a won deal).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from twofold import policies
from twofold.accounts.models import Account, BudgetLine
from twofold.core.audit import attribute
from twofold.core.money import CURRENCIES, MONEY_MAX, check_total, format_money, quantize
from twofold.policies import Perm
from twofold.sales.models import Sale

if TYPE_CHECKING:
    from twofold.people.models import User

MIN_YEAR, MAX_YEAR = 2000, 2100
CURRENCY_CODES = {code for code, _ in CURRENCIES}


def sold_in_year(account: Account, year: int) -> Decimal:
    """What the account's company bought from us in ``year`` (won deals, in its currency)."""
    total = Sale.objects.filter(
        opportunity__company_id=account.company_id,
        closed_on__year=year,
        currency=account.currency,
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def account_refresh_wallet(account: Account) -> Account:
    """Recompute this year's budget and sold totals of the account (two aggregate queries)."""
    year = timezone.localdate().year
    budget = BudgetLine.objects.filter(
        account_id=account.pk, year=year, currency=account.currency
    ).aggregate(total=Sum("amount"))["total"]
    sold = check_total(sold_in_year(account, year))
    if budget is not None:
        check_total(budget)
    Account.objects.filter(pk=account.pk).update(budget_total=budget, sold_total=sold)
    account.budget_total = budget
    account.sold_total = sold
    return account


def _parse(
    *, year: Any, buying_centre: str, amount: Any, currency: str
) -> tuple[int, str, Decimal]:
    errors: dict[str, str] = {}
    centre = (buying_centre or "").strip()
    if not centre:
        errors["buying_centre"] = "Name the buying centre (the client's department that buys)."
    elif len(centre) > 120:
        errors["buying_centre"] = "At most 120 characters."
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = f"A year from {MIN_YEAR} to {MAX_YEAR}."
    money = Decimal(0)
    try:
        money = Decimal(amount)
        if not money.is_finite() or money < 0:
            errors["amount"] = "A budget is zero or more."
        elif quantize(money) > MONEY_MAX:
            errors["amount"] = f"At most {format_money(MONEY_MAX)}."
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = "A budget must be a number."
    if currency not in CURRENCY_CODES:
        errors["currency"] = "Unknown currency."
    if errors:
        raise ValidationError(errors)
    return year, centre, quantize(money)


def _duplicate(account: Account, year: int, centre: str, exclude: int | None = None) -> None:
    clash = BudgetLine.objects.filter(account=account, year=year, buying_centre__iexact=centre)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"buying_centre": "This buying centre has a budget for that year already."}
        )


@transaction.atomic
def budget_line_create(
    *,
    actor: User | None,
    account: Account,
    year: int,
    buying_centre: str,
    amount: Decimal,
    currency: str | None = None,
    notes: str = "",
) -> BudgetLine:
    """Record the client's budget for one year and buying centre (one line per pair)."""
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
    year, centre, money = _parse(
        year=year, buying_centre=buying_centre, amount=amount, currency=currency or account.currency
    )
    _duplicate(account, year, centre)
    line = BudgetLine(
        account=account,
        year=year,
        buying_centre=centre,
        amount=money,
        currency=currency or account.currency,
        notes=(notes or "").strip()[:300],
    )
    attribute(line, actor, "Added")
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError as exc:  # a concurrent twin
        raise ValidationError(
            {"buying_centre": "This buying centre has a budget for that year already."}
        ) from exc
    account_refresh_wallet(account)
    return line


@transaction.atomic
def budget_line_update(
    *,
    actor: User | None,
    line: BudgetLine,
    year: int,
    buying_centre: str,
    amount: Decimal,
    currency: str,
    notes: str = "",
) -> BudgetLine:
    """Change a budget line; the account's wallet figures follow."""
    line = BudgetLine.objects.select_for_update().select_related("account").get(pk=line.pk)
    account = line.account
    if actor is not None:
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
    year, centre, money = _parse(
        year=year, buying_centre=buying_centre, amount=amount, currency=currency
    )
    _duplicate(account, year, centre, exclude=line.pk)
    line.year, line.buying_centre, line.amount = year, centre, money
    line.currency, line.notes = currency, (notes or "").strip()[:300]
    attribute(line, actor, "Changed")
    line.save()
    account_refresh_wallet(account)
    return line
