"""The generated customer accounts: the sizes asked for, and portfolio columns that agree with
the rows they summarise."""

import pytest
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from twofold.accounts.choices import AccountStatus, InteractionKind, OwnershipKind, SurveyKind
from twofold.accounts.models import (
    Account,
    AccountContact,
    BudgetLine,
    Contract,
    OwnershipEvent,
    SatisfactionResult,
)
from twofold.activities.models import Activity
from twofold.demo import people
from twofold.demo.scale import generate
from twofold.demo.volume import SCALES, Scale
from twofold.departments.choices import OPEN_REQUEST_STATUSES
from twofold.departments.models import InternalRequest
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage
from twofold.parties.models import Contact
from twofold.people.choices import Role, TeamKind
from twofold.people.models import Team, User
from twofold.sales.choices import OpportunityKind, OpportunityStatus
from twofold.sales.models import Sale

pytestmark = pytest.mark.django_db

TINY = Scale(
    companies=40,
    contacts=60,
    leads=10,
    opportunities=10,
    activities=10,
    accounts=40,
    interactions=900,
    handovers=13,
    requests=80,
)
CONTACT_KINDS = [InteractionKind.CALL, InteractionKind.MEETING, InteractionKind.EMAIL]


def quiet(label: str, done: int, total: int) -> None:
    pass


@pytest.fixture
def tiny():
    people.load(progress=lambda message: None)
    generate(TINY, progress=quiet)


def test_the_small_scale_adds_the_accounts_interactions_hand_overs_and_requests_it_names():
    people.load(progress=lambda message: None)
    small = SCALES["small"]

    generate(small, progress=quiet)

    assert Account.objects.count() == small.accounts == 200
    assert Contract.objects.count() == 200
    assert Activity.objects.filter(account__isnull=False).count() == small.interactions == 5_000
    assert HandoverPackage.objects.count() == small.handovers == 20
    assert InternalRequest.objects.count() == small.requests == 100


def test_every_generated_contact_is_a_contact_of_its_companys_account(tiny):
    assert AccountContact.objects.count() == Contact.objects.count() == 60
    assert not AccountContact.objects.exclude(contact__company=F("account__company")).exists()


def test_the_large_scale_is_the_size_the_issue_names():
    large = SCALES["large"]

    assert (large.accounts, large.contacts, large.interactions) == (200_000, 300_000, 5_000_000)
    assert (large.handovers, large.requests) == (20_000, 100_000)


def test_last_contact_is_the_latest_call_meeting_or_email_of_each_account(tiny):
    latest = dict(
        Activity.objects.filter(account__isnull=False, kind__in=CONTACT_KINDS)
        .values("account")
        .annotate(at=Max("occurred_at"))
        .values_list("account", "at")
    )

    shown = dict(Account.objects.exclude(last_contact_at=None).values_list("pk", "last_contact_at"))

    assert len(latest) > 20
    assert shown == latest


def test_open_requests_count_the_open_and_in_progress_requests_of_each_account(tiny):
    open_by_account = dict(
        InternalRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES)
        .values("account")
        .annotate(n=Count("id"))
        .values_list("account", "n")
    )

    shown = dict(Account.objects.exclude(open_requests=0).values_list("pk", "open_requests"))

    assert shown == open_by_account


def test_each_account_has_one_contract_whose_end_is_the_accounts_contract_end(tiny):
    ends = dict(Contract.objects.values_list("account", "ends_on"))

    assert Contract.objects.values("account").distinct().count() == 40
    assert dict(Account.objects.values_list("pk", "contract_end")) == ends
    assert min(ends.values()) >= timezone.localdate()


def test_nps_and_csat_are_the_latest_answers_of_each_account(tiny):
    for kind, column in ((SurveyKind.NPS, "nps"), (SurveyKind.CSAT, "csat")):
        # In answer order, so each account keeps its latest score.
        latest = dict(
            SatisfactionResult.objects.filter(kind=kind)
            .order_by("taken_on", "id")
            .values_list("account", "score")
        )

        shown = dict(Account.objects.exclude(**{column: None}).values_list("pk", column))

        assert shown == latest


def test_budget_and_sold_totals_are_this_years_budget_lines_and_sales(tiny):
    year = timezone.localdate().year
    budgets = dict(
        BudgetLine.objects.filter(year=year)
        .values("account")
        .annotate(total=Sum("amount"))
        .values_list("account", "total")
    )
    sold = {
        account.pk: Sale.objects.filter(
            opportunity__company_id=account.company_id, closed_on__year=year
        ).aggregate(total=Sum("amount"))["total"]
        for account in Account.objects.all()
    }

    assert dict(Account.objects.exclude(budget_total=None).values_list("pk", "budget_total")) == (
        budgets
    )
    assert {pk: total for pk, total in sold.items() if total} == dict(
        Account.objects.exclude(sold_total=0).values_list("pk", "sold_total")
    )


def test_every_managed_account_has_an_owner_and_the_event_that_made_them_owner(tiny):
    managed = Account.objects.filter(status=AccountStatus.MANAGED)
    events = dict(
        OwnershipEvent.objects.filter(kind=OwnershipKind.RELATIONSHIP).values_list("account", "new")
    )

    assert managed.filter(relationship_owner=None).count() == 0
    assert dict(managed.values_list("pk", "relationship_owner")) == events


def test_accounts_in_hand_over_have_no_owner_yet_and_a_package_not_yet_accepted(tiny):
    waiting = Account.objects.filter(status=AccountStatus.IN_HANDOVER)

    assert waiting.count() == 1  # 8% of 13, at least one
    assert waiting.filter(relationship_owner=None, plan_owner=None).count() == 1
    assert not HandoverPackage.objects.filter(
        account__in=waiting, status=HandoverStatus.ACCEPTED
    ).exists()


def test_each_hand_over_comes_from_a_won_new_business_deal_of_the_accounts_company(tiny):
    packages = HandoverPackage.objects.select_related("opportunity", "account")

    assert packages.count() == 13
    for package in packages:
        deal = package.opportunity
        assert (deal.kind, deal.status) == (OpportunityKind.NEW_BUSINESS, OpportunityStatus.WON)
        assert deal.company_id == package.account.company_id
        assert deal.owner_id == package.seller_id == package.account.seller_id
        assert deal.contract.account_id == package.account_id


def test_accepted_hand_overs_were_accepted_by_the_accounts_relationship_owner(tiny):
    accepted = HandoverPackage.objects.filter(status=HandoverStatus.ACCEPTED).select_related(
        "account"
    )

    assert accepted.count() == 12
    for package in accepted:
        assert package.accepted_by_id == package.receiver_id
        assert package.accepted_by_id == package.account.relationship_owner_id
        assert package.accepted_at == package.account.accepted_at


def test_key_accounts_are_planned_and_cared_for_by_key_account_managers(tiny):
    kams = set(
        User.objects.filter(role_assignments__role=Role.KEY_ACCOUNT_MANAGER).values_list(
            "pk", flat=True
        )
    )
    key = Account.objects.filter(is_key=True, status=AccountStatus.MANAGED)

    assert set(key.values_list("plan_owner", flat=True)) <= kams
    assert all(a.plan_owner_id == a.relationship_owner_id for a in key)
    assert not Account.objects.filter(is_key=False).exclude(plan_owner=None).exists()


def test_interactions_fall_between_the_accounts_acceptance_and_now(tiny):
    late = Activity.objects.filter(account__isnull=False, occurred_at__gt=timezone.now()).count()
    early = sum(
        1
        for occurred, accepted in Activity.objects.filter(account__isnull=False).values_list(
            "occurred_at", "account__accepted_at"
        )
        if occurred < accepted
    )

    assert (late, early) == (0, 0)


def test_larger_scales_add_account_managers_in_teams_led_by_an_account_executive():
    people.load(progress=lambda message: None)
    scale = Scale(
        companies=5_000, contacts=10, leads=10, opportunities=10, activities=10, accounts=5_000
    )

    generate(scale, progress=quiet)

    generated = User.objects.filter(
        email__endswith="@scale.twofold.test", role_assignments__role=Role.ACCOUNT_MANAGER
    )
    team = Team.objects.get(name="Accounts — Region 01")
    assert generated.count() == 2
    assert (team.kind, team.lead.email) == (TeamKind.ACCOUNT_MANAGEMENT, "ae01@scale.twofold.test")
    assert set(team.members.values_list("email", flat=True)) >= {u.email for u in generated}
    assert Account.objects.filter(relationship_owner__in=generated).count() > 500


def test_generated_satisfaction_answers_are_never_from_the_future(tiny):
    assert not SatisfactionResult.objects.filter(taken_on__gt=timezone.localdate()).exists()
