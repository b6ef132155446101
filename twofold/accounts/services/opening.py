"""Opening the customer account when sales wins a new-business deal (issue 4, point 1).

Called by the won-deal workflow (``twofold.handover.won_deal``) inside its transaction; it
never runs on its own from an interface. The account is one per company: a company that is
already a customer keeps its account and gets a new contract (and, from the caller, a new
hand-over).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold.accounts.choices import AccountStatus, BillingFrequency, ContactRole
from twofold.accounts.models import Account, AccountContact, AccountPolicy, Contract
from twofold.accounts.services.budget import account_refresh_wallet
from twofold.core.audit import attribute
from twofold.core.money import check_total

if TYPE_CHECKING:
    from twofold.people.models import User
    from twofold.sales.models import Opportunity, TermSheet


@dataclass(frozen=True)
class OpenedAccount:
    account: Account
    contract: Contract
    created: bool


def _one_year_from(start: date) -> date:
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


def _billing(due_dates: list[date]) -> BillingFrequency:
    """How often the customer pays, read from the spacing of the agreed instalments."""
    if len(due_dates) <= 1:
        return BillingFrequency.ONCE
    gap = (due_dates[-1] - due_dates[0]).days / (len(due_dates) - 1)
    if gap <= 45:
        return BillingFrequency.MONTHLY
    if gap <= 120:
        return BillingFrequency.QUARTERLY
    return BillingFrequency.ANNUALLY


@transaction.atomic
def account_open_for_won_deal(
    *, actor: User | None, opportunity: Opportunity, sheet: TermSheet, amount: Decimal
) -> OpenedAccount:
    """Open (or link) the deal's company as a customer account with a contract on the approved
    terms, and copy the deal's contact as a contact of the account.

    * The contract starts on the close date and runs one year (longer if the instalments do),
      worth ``amount`` in the deal's currency, on the sheet's net days and instalments.
    * A new account is in hand-over, sold by the deal's owner, and a key account when its
      contract reaches ``AccountPolicy.key_account_min_value``. A company that is already an
      account keeps its seller and owners; the contract adds to its yearly value when it is
      in the account's currency.
    * Idempotent: a deal that already has its contract returns it and writes nothing.

    The caller checks the policy (winning the deal) and that the deal has a company.
    """
    company = opportunity.company
    if company is None:
        raise ValidationError(
            {"company": "A new customer needs a company: link the deal to one before winning."}
        )
    existing = Contract.objects.filter(opportunity=opportunity).select_related("account").first()
    if existing is not None:
        return OpenedAccount(account=existing.account, contract=existing, created=False)
    assert opportunity.closed_on is not None  # noqa: S101  (set by winning, before this)

    # Lock the company, not the account: when it is not a customer yet there is no account row
    # to lock, and two wins at once would both create one.
    type(company).objects.select_for_update().filter(pk=company.pk).first()
    account = Account.objects.select_for_update().filter(company=company).first()
    created = account is None
    if account is None:
        account = Account(
            company=company,
            name=company.name[:200],
            status=AccountStatus.IN_HANDOVER,
            seller=opportunity.owner,
            currency=opportunity.currency,
            annual_value=Decimal(0),
        )

    due_dates = list(sheet.instalments.order_by("number").values_list("due_date", flat=True))
    starts_on = opportunity.closed_on
    ends_on = max([_one_year_from(starts_on), *due_dates])
    contract = Contract(
        opportunity=opportunity,
        term_sheet=sheet,
        starts_on=starts_on,
        ends_on=ends_on,
        value=amount,
        currency=opportunity.currency,
        billing=_billing(due_dates),
        net_days=sheet.net_days,
        instalment_count=sheet.instalment_count,
    )

    if contract.currency == account.currency:
        # A contract in another currency keeps its own value; adding it here would mix units.
        account.annual_value = check_total((account.annual_value or Decimal(0)) + amount)
    account.contract_end = max(filter(None, [account.contract_end, ends_on]))
    if account.annual_value >= AccountPolicy.current().key_account_min_value:
        account.is_key = True
    attribute(account, actor, "Won a new-business deal" if created else "Won another deal")
    account.save()
    contract.account = account
    attribute(contract, actor, f"From the won deal {opportunity}")
    contract.save()
    account_refresh_wallet(account)

    contact = opportunity.contact
    if contact is not None and not account.account_contacts.filter(contact=contact).exists():
        link = AccountContact(
            account=account,
            contact=contact,
            role=ContactRole.DECISION_MAKER,
            is_primary=not account.account_contacts.exists(),
            notes="Our contact on the won deal.",
        )
        attribute(link, actor, "Contact on the won deal")
        link.save()
    return OpenedAccount(account=account, contract=contract, created=created)


def account_refresh_for_won_deal(*, opportunity: Opportunity) -> Account | None:
    """An upsell, cross-sell or renewal adds to what the customer bought (share of wallet):
    refresh the totals of the deal's company's account, if it has one, and return it."""
    if opportunity.company_id is None:
        return None
    account = Account.objects.filter(company_id=opportunity.company_id).first()
    if account is not None:
        account_refresh_wallet(account)
    return account
