"""Hand-over services: a won deal opens an account and one package; submit, route, send back,
answer and accept follow their rules; nothing is half-written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accounts.factories import AccountFactory
from tests.factories import user_with
from tests.handover.helpers import FILLED, manager_team, win, won_package
from tests.sales.factories import CompanyFactory, deal_for, sales_team
from twofold.accounts.choices import AccountStatus, InteractionKind, OwnershipKind
from twofold.accounts.models import (
    Account,
    AccountContact,
    AccountPolicy,
    Contract,
    Goal,
    OwnershipEvent,
)
from twofold.activities.models import Activity
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, HandoverRound
from twofold.handover.services import (
    handover_accept,
    handover_answer,
    handover_route,
    handover_send_back,
    handover_submit,
    handover_update,
)
from twofold.handover.won_deal import deal_close_won
from twofold.parties.models import Contact
from twofold.people.choices import Role
from twofold.sales.choices import OpportunityKind
from twofold.sales.services.strategy import deal_strategy_set

pytestmark = pytest.mark.django_db


def filled(package: HandoverPackage) -> HandoverPackage:
    return handover_update(actor=package.seller, package=package, **FILLED)


def submitted(package: HandoverPackage) -> HandoverPackage:
    return handover_submit(actor=package.seller, package=filled(package))


# --- Won deal → account ---------------------------------------------------------------------


def test_winning_a_new_customer_opens_an_account_in_handover_sold_by_the_deal_owner():
    _, manager, _ = manager_team()
    package = won_package()

    account = package.account
    assert account.status == AccountStatus.IN_HANDOVER
    assert account.seller_id == package.seller_id
    assert account.name == package.opportunity.company.name
    assert account.annual_value == Decimal("11400.00")
    assert account.relationship_owner_id is None
    assert package.receiver_id == manager.pk


def test_the_contract_is_made_from_the_approved_terms():
    manager_team()
    package = won_package()

    contract = Contract.objects.get(opportunity=package.opportunity)
    today = timezone.localdate()
    assert contract.starts_on == today
    assert contract.ends_on >= today.replace(year=today.year + 1) - timedelta(days=1)
    assert (contract.value, contract.currency) == (Decimal("11400.00"), "EUR")
    assert (contract.net_days, contract.instalment_count) == (30, 2)
    assert package.account.contract_end == contract.ends_on


def test_the_deal_contact_becomes_the_accounts_primary_contact():
    manager_team()
    company = CompanyFactory()
    contact = Contact.objects.create(company=company, full_name="Anna Berg")
    package = won_package(company=company, contact=contact)

    link = AccountContact.objects.get(account=package.account)
    assert (link.contact, link.is_primary) == (contact, True)


def test_a_known_customer_keeps_its_account_and_gets_a_new_contract_and_handover():
    manager_team()
    first = won_package()
    company = first.account.company
    second = won_package(seller=first.seller, company=company)

    assert Account.objects.count() == 1
    assert second.account_id == first.account_id
    assert Contract.objects.filter(account=first.account).count() == 2
    assert HandoverPackage.objects.filter(account=first.account).count() == 2


def test_winning_again_opens_no_second_handover():
    manager_team()
    package = won_package()

    deal_close_won(
        actor=package.seller, opportunity=package.opportunity, closed_on=timezone.localdate()
    )

    assert HandoverPackage.objects.count() == 1
    assert Contract.objects.count() == 1


def test_a_new_customer_without_a_company_cannot_be_won_and_nothing_is_written():
    seller = user_with(Role.BDM)
    deal = deal_for(seller, company=None)

    with pytest.raises(ValidationError) as caught:
        win(deal)

    assert "company" in caught.value.message_dict
    assert (Account.objects.count(), HandoverPackage.objects.count()) == (0, 0)
    deal.refresh_from_db()
    assert deal.status == "open"


def test_an_upsell_opens_no_handover():
    manager = user_with(Role.ACCOUNT_MANAGER)
    deal = deal_for(manager, kind=OpportunityKind.UPSELL)

    win(deal)

    assert HandoverPackage.objects.count() == 0


def test_a_contract_at_the_threshold_makes_a_key_account():
    AccountPolicy.objects.create(key_account_min_value=Decimal("11400.00"))
    manager_team()

    package = won_package()

    assert package.account.is_key is True


def test_the_package_is_prefilled_from_the_deal():
    manager_team()
    seller = user_with(Role.BDM)
    lead = sales_team(seller).lead
    deal = deal_for(seller, amount=Decimal("12000.00"))
    deal_strategy_set(
        actor=lead,
        opportunity=deal,
        approach="Pilot first",
        key_messages="Go-live in six weeks",
        risks="IT is sceptical",
        next_steps="",
    )
    win(deal)

    package = HandoverPackage.objects.get(opportunity=deal)
    assert package.expectations == "Pilot first"
    assert package.promises == "Go-live in six weeks"
    assert package.risks == "IT is sceptical"
    assert "Discount 5 %" in package.negotiated_terms
    assert "2 instalments:" in package.negotiated_terms
    first_due = deal.term_sheets.get().instalments.order_by("number").first().due_date
    assert f"1. {first_due.day} {first_due:%b %Y}: " in package.negotiated_terms  # not ISO
    assert package.budget.startswith("11,400.00 EUR agreed")  # 12,000 less the 5 % discount
    assert package.status == HandoverStatus.DRAFT


# --- Routing ----------------------------------------------------------------------------------


def test_routing_gives_the_account_to_the_team_member_with_the_fewest_accounts():
    team, busy, _ = manager_team(manager="Busy Bea")
    free = user_with(Role.ACCOUNT_MANAGER, full_name="Free Fay")
    team.memberships.create(user=free)
    AccountFactory(relationship_owner=busy)

    package = won_package()

    assert package.receiver_id == free.pk


def test_a_matching_rule_picks_its_team():
    from twofold.handover.models import RoutingRule

    manager_team(manager="Any Alex")
    retail, retail_manager, _ = manager_team(manager="Retail Rita")
    RoutingRule.objects.create(name="Retail", industry="retail", team=retail)
    AccountFactory(relationship_owner=retail_manager)  # busier, still picked by the rule

    package = won_package(company=CompanyFactory(industry="Retail"))

    assert package.receiver_id == retail_manager.pk
    assert package.routing_rule.name == "Retail"


def test_a_key_account_goes_to_a_key_account_manager():
    AccountPolicy.objects.create(key_account_min_value=Decimal("1000.00"))
    team, _, _ = manager_team()
    kam = user_with(Role.KEY_ACCOUNT_MANAGER, full_name="Kim Key")
    team.memberships.create(user=kam)
    AccountFactory(relationship_owner=kam)

    package = won_package()

    assert package.receiver_id == kam.pk


def test_a_sales_lead_of_the_seller_overrides_the_receiver():
    _, _, _ = manager_team()
    other = user_with(Role.ACCOUNT_MANAGER)
    seller = user_with(Role.BDM)
    lead = sales_team(seller).lead
    package = won_package(seller)

    handover_route(actor=lead, package=package, receiver=other)

    package.refresh_from_db()
    assert (package.receiver_id, package.receiver_set_by_id) == (other.pk, lead.pk)


def test_a_seller_may_not_override_the_receiver():
    manager_team()
    package = won_package()

    with pytest.raises(PermissionDenied):
        handover_route(
            actor=package.seller, package=package, receiver=user_with(Role.ACCOUNT_MANAGER)
        )


def test_routing_to_someone_who_is_no_account_manager_is_refused():
    _, _, executive = manager_team()
    package = won_package()

    with pytest.raises(ValidationError) as caught:
        handover_route(actor=executive, package=package, receiver=package.seller)

    assert caught.value.message_dict == {
        "receiver": ["Sam Seller is not an active account manager or key account manager."]
    }


# --- Submit -----------------------------------------------------------------------------------


def test_an_incomplete_handover_names_every_missing_field_and_stays_a_draft():
    manager_team()
    package = won_package()
    handover_update(
        actor=package.seller,
        package=package,
        short_term_goals="",
        expectations="Weekly calls",
        long_term_goals="Grow",
        stakeholders="Anna",
    )

    with pytest.raises(ValidationError) as caught:
        handover_submit(actor=package.seller, package=package)

    assert caught.value.message_dict == {
        "short_term_goals": ["Fill in the customer's short-term goals."],
        "success_criteria": ["Fill in the success criteria."],
        "__all__": ["Fill in the customer's short-term goals and the success criteria."],
    }
    package.refresh_from_db()
    assert (package.status, package.submitted_at) == (HandoverStatus.DRAFT, None)


def test_submitting_starts_the_sla_clock():
    AccountPolicy.objects.create(handover_sla_hours=24)
    manager_team()
    package = won_package()
    before = timezone.now()

    submitted(package)

    package.refresh_from_db()
    assert package.status == HandoverStatus.SUBMITTED
    assert package.first_submitted_at == package.submitted_at
    assert package.due_at == package.submitted_at + timedelta(hours=24)
    assert package.submitted_at >= before
    assert package.is_overdue is False


def test_a_submitted_handover_past_its_deadline_is_overdue():
    manager_team()
    package = submitted(won_package())

    HandoverPackage.objects.filter(pk=package.pk).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )

    package.refresh_from_db()
    assert package.is_overdue is True


def test_a_handover_without_a_receiver_cannot_be_submitted():
    package = won_package()  # no account manager exists

    with pytest.raises(ValidationError) as caught:
        handover_submit(actor=package.seller, package=filled(package))

    assert caught.value.message_dict == {
        "receiver": ["Choose the account manager who receives the account."]
    }


# --- Accept and send back ---------------------------------------------------------------------


def test_accepting_makes_the_receiver_the_relationship_owner_with_events():
    _, manager, executive = manager_team()
    package = submitted(won_package())

    handover_accept(actor=manager, package=package)

    account = Account.objects.get(pk=package.account_id)
    assert account.status == AccountStatus.MANAGED
    assert account.relationship_owner_id == manager.pk
    events = OwnershipEvent.objects.filter(account=account).order_by("kind")
    assert [(e.kind, e.previous_id, e.new_id, e.changed_by_id, e.reason) for e in events] == [
        (OwnershipKind.RELATIONSHIP, None, manager.pk, manager.pk, "Hand-over accepted"),
        (OwnershipKind.SUPERVISOR, None, executive.pk, manager.pk, "Hand-over accepted"),
    ]


def test_accepting_opens_the_sellers_shared_window():
    AccountPolicy.objects.create(shared_window_days=10)
    _, manager, _ = manager_team()
    package = submitted(won_package())

    handover_accept(actor=manager, package=package)

    account = Account.objects.get(pk=package.account_id)
    assert account.shared_until == account.accepted_at + timedelta(days=10)
    package.refresh_from_db()
    assert (package.status, package.accepted_by_id) == (HandoverStatus.ACCEPTED, manager.pk)


def test_accepting_turns_each_goal_line_into_a_goal_and_writes_the_timeline():
    _, manager, _ = manager_team()
    package = submitted(won_package())

    handover_accept(actor=manager, package=package)

    goals = Goal.objects.filter(account_id=package.account_id).order_by("horizon", "id")
    assert [(g.horizon, g.title, g.from_handover) for g in goals] == [
        ("long", "Replace the legacy fleet system", True),
        ("short", "Roll out to the Berlin depot", True),
        ("short", "Train 40 drivers", True),
    ]
    assert goals[0].success_criteria == FILLED["success_criteria"]
    entry = Activity.objects.get(account_id=package.account_id)
    assert entry.kind == InteractionKind.HANDOVER
    assert entry.subject == "Ada Manager accepted the hand-over from Sam Seller"


def test_a_key_account_manager_accepting_a_key_account_also_owns_its_plan():
    AccountPolicy.objects.create(key_account_min_value=Decimal("1000.00"))
    team, _, _ = manager_team()
    kam = user_with(Role.KEY_ACCOUNT_MANAGER)
    team.memberships.create(user=kam)
    package = submitted(won_package())

    handover_accept(actor=kam, package=package)

    account = Account.objects.get(pk=package.account_id)
    assert account.plan_owner_id == kam.pk
    assert OwnershipEvent.objects.filter(account=account, kind=OwnershipKind.PLAN).count() == 1


def test_accepting_twice_is_refused_with_a_reason():
    _, manager, _ = manager_team()
    package = submitted(won_package())
    handover_accept(actor=manager, package=package)

    with pytest.raises(ValidationError) as caught:
        handover_accept(actor=manager, package=package)

    assert caught.value.messages == ["This hand-over was accepted already."]
    assert OwnershipEvent.objects.count() == 2


def test_accepting_someone_elses_handover_is_refused_with_a_reason():
    _, manager, executive = manager_team()
    package = submitted(won_package())
    assert package.receiver_id == manager.pk

    with pytest.raises(PermissionDenied) as caught:
        handover_accept(actor=executive, package=package)

    assert str(caught.value) == (
        "This hand-over is addressed to Ada Manager; only they can accept it or send it back."
    )
    package.refresh_from_db()
    assert package.status == HandoverStatus.SUBMITTED


def test_an_account_manager_who_cannot_see_the_handover_is_refused():
    team, _, _ = manager_team()
    colleague = user_with(Role.ACCOUNT_MANAGER)
    team.memberships.create(user=colleague)
    AccountFactory(relationship_owner=colleague)
    package = submitted(won_package())

    with pytest.raises(PermissionDenied):
        handover_accept(actor=colleague, package=package)

    assert OwnershipEvent.objects.count() == 0


def test_accepting_a_draft_is_refused():
    _, manager, _ = manager_team()
    package = won_package()

    with pytest.raises(ValidationError) as caught:
        handover_accept(actor=manager, package=package)

    assert caught.value.messages == ["The seller has not submitted this hand-over yet."]


def test_sending_back_needs_questions():
    _, manager, _ = manager_team()
    package = submitted(won_package())

    with pytest.raises(ValidationError) as caught:
        handover_send_back(actor=manager, package=package, questions="  ")

    assert caught.value.message_dict == {"questions": ["Ask the seller what you need to know."]}
    assert HandoverRound.objects.count() == 0


def test_sending_back_opens_a_round_and_stops_the_clock():
    _, manager, _ = manager_team()
    package = submitted(won_package())

    round_ = handover_send_back(actor=manager, package=package, questions="Who signs?")

    package.refresh_from_db()
    assert (package.status, package.send_backs, package.due_at) == (
        HandoverStatus.SENT_BACK,
        1,
        None,
    )
    assert (round_.number, round_.questions, round_.asked_by_id) == (1, "Who signs?", manager.pk)


def test_answering_resubmits_with_a_fresh_deadline_and_every_round_is_kept():
    _, manager, _ = manager_team()
    package = submitted(won_package())
    first_submitted = package.first_submitted_at
    handover_send_back(actor=manager, package=package, questions="Who signs?")
    handover_answer(actor=package.seller, package=package, answer="Anna Berg signs.")
    handover_send_back(actor=manager, package=package, questions="Budget next year?")
    handover_answer(actor=package.seller, package=package, answer="About the same.")

    package.refresh_from_db()
    assert package.status == HandoverStatus.SUBMITTED
    assert package.first_submitted_at == first_submitted
    assert package.due_at > package.submitted_at > first_submitted
    assert package.send_backs == 2
    assert list(package.rounds.values_list("number", "questions", "answer")) == [
        (1, "Who signs?", "Anna Berg signs."),
        (2, "Budget next year?", "About the same."),
    ]


def test_accepting_a_handover_sent_back_waits_for_the_answer():
    _, manager, _ = manager_team()
    package = submitted(won_package())
    handover_send_back(actor=manager, package=package, questions="Who signs?")

    with pytest.raises(ValidationError) as caught:
        handover_accept(actor=manager, package=package)

    assert caught.value.messages == [
        "This hand-over was sent back; the seller answers your questions first."
    ]


def test_the_seller_cannot_change_a_submitted_package():
    manager_team()
    package = submitted(won_package())

    with pytest.raises(ValidationError) as caught:
        handover_update(actor=package.seller, package=package, risks="None")

    assert caught.value.code == "submitted"


def test_someone_else_cannot_fill_in_the_package():
    manager_team()
    package = won_package()

    with pytest.raises(PermissionDenied):
        handover_update(actor=user_with(Role.BDM), package=package, risks="None")


# --- Small-company mode -----------------------------------------------------------------------


def test_a_seller_who_is_also_the_account_manager_self_accepts_and_it_is_recorded():
    solo = user_with(Role.BDM, Role.ACCOUNT_MANAGER, full_name="Solo Sue")
    package = won_package(solo)
    assert package.receiver_id == solo.pk

    handover_submit(actor=solo, package=filled(package))

    package.refresh_from_db()
    assert package.status == HandoverStatus.ACCEPTED
    assert package.accepted_by_id == solo.pk
    assert package.first_submitted_at is not None
    account = Account.objects.get(pk=package.account_id)
    assert (account.seller_id, account.relationship_owner_id) == (solo.pk, solo.pk)
    assert OwnershipEvent.objects.filter(
        account=account, kind=OwnershipKind.RELATIONSHIP, new=solo
    ).exists()


# --- Deal ownership -------------------------------------------------------------------------


def test_reassigning_a_deal_writes_a_deal_ownership_event():
    from twofold.sales.services.deals import opportunity_reassign

    seller = user_with(Role.BDM)
    other = user_with(Role.BDM)
    lead = sales_team(seller, other).lead
    deal = deal_for(seller)

    opportunity_reassign(actor=lead, opportunity=deal, owner=other, reason="Holiday cover")

    event = OwnershipEvent.objects.get()
    assert (event.kind, event.opportunity_id, event.previous_id, event.new_id) == (
        OwnershipKind.DEAL,
        deal.pk,
        seller.pk,
        other.pk,
    )
    assert (event.changed_by_id, event.reason) == (lead.pk, "Holiday cover")
