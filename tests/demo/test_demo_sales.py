"""The demo sales organisation: leads and deals in every state, made through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Count, Sum

from twofold import demo
from twofold.activities.selectors import open_tasks_of
from twofold.people.models import User
from twofold.sales.choices import (
    ApprovalStatus,
    LeadStatus,
    OpportunityEventType,
    OpportunityStatus,
    StageKind,
)
from twofold.sales.models import (
    ApprovalRequest,
    Complaint,
    Lead,
    Opportunity,
    OpportunityEvent,
    Sale,
    Stage,
)

HOME_LOGINS = ["sdr", "bdm", "agent", "saleslead"]


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker):
    """One demo load shared by the class's tests, rolled back at the end of the class."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    @pytest.mark.parametrize("status", LeadStatus.values)
    def test_there_are_leads_in_every_status(self, status):
        assert Lead.objects.filter(status=status).count() > 0

    @pytest.mark.parametrize("status", OpportunityStatus.values)
    def test_there_are_deals_in_every_status(self, status):
        assert Opportunity.objects.filter(status=status).count() > 0

    def test_every_open_stage_holds_deals(self):
        open_stages = Stage.objects.filter(kind=StageKind.OPEN)

        counts = open_stages.annotate(deals=Count("opportunities", distinct=True)).values_list(
            "name", "deals"
        )

        assert all(deals > 0 for _, deals in counts), dict(counts)

    def test_every_converted_lead_links_to_its_deal(self):
        converted = Lead.objects.filter(status=LeadStatus.CONVERTED)

        assert converted.filter(opportunity__isnull=True).count() == 0
        assert converted.count() == Opportunity.objects.count()

    def test_every_disqualified_lead_says_why(self):
        assert (
            Lead.objects.filter(status=LeadStatus.DISQUALIFIED, disqualify_reason="").count() == 0
        )

    def test_every_won_deal_has_exactly_one_sale_whose_credits_add_up_to_100(self):
        won = Opportunity.objects.filter(status=OpportunityStatus.WON)

        sales = Sale.objects.filter(opportunity__in=won).annotate(percent=Sum("credits__percent"))

        assert sales.count() == won.count()
        assert {sale.percent for sale in sales} == {Decimal(100)}

    def test_some_sales_split_the_credit_between_sellers(self):
        split = Sale.objects.annotate(n=Count("credits")).filter(n__gt=1)

        assert split.count() > 0

    def test_some_won_deals_were_approved_by_a_sales_lead_beyond_policy(self):
        approved = ApprovalRequest.objects.filter(
            status=ApprovalStatus.APPROVED, term_sheet__opportunity__status=OpportunityStatus.WON
        )

        assert approved.count() > 0
        assert {a.decided_by.email.split("@")[0] for a in approved} <= {"saleslead", "saleslead2"}

    def test_some_terms_wait_for_approval(self):
        assert ApprovalRequest.objects.filter(status=ApprovalStatus.PENDING).count() > 0

    def test_every_lost_deal_has_a_reason_and_some_name_a_competitor(self):
        lost = Opportunity.objects.filter(status=OpportunityStatus.LOST)

        assert lost.filter(lost_reason__isnull=True).count() == 0
        assert lost.exclude(competitor="").count() > 0

    def test_deal_history_spreads_over_past_weeks(self):
        moves = OpportunityEvent.objects.filter(type=OpportunityEventType.STAGE_CHANGED)

        assert moves.filter(data__seconds_in_stage__gt=86_400).count() > 0

    def test_complaints_are_open_and_resolved(self):
        assert set(Complaint.objects.values_list("status", flat=True)) == {"open", "resolved"}

    @pytest.mark.parametrize("login", HOME_LOGINS)
    def test_each_sellers_home_has_tasks_due(self, login):
        user = User.objects.get(email=f"{login}@{demo.DEMO_DOMAIN}")

        tasks = open_tasks_of(actor=user)

        assert len(tasks.overdue) + len(tasks.today) > 0

    def test_the_bdm_has_a_task_due_today_and_one_overdue(self):
        bdm = User.objects.get(email=f"bdm@{demo.DEMO_DOMAIN}")

        tasks = open_tasks_of(actor=bdm)

        assert tasks.today
        assert tasks.overdue

    def test_loading_again_adds_nothing(self):
        before = (Lead.objects.count(), Opportunity.objects.count(), Sale.objects.count())

        demo.load()

        assert (Lead.objects.count(), Opportunity.objects.count(), Sale.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded_demo")
def test_each_sales_team_has_a_meeting_with_a_drafted_agenda_and_a_decision():
    from twofold.sales.models import MeetingDecision, SalesMeeting

    meetings = list(SalesMeeting.objects.select_related("team"))

    assert sorted(m.team.name for m in meetings) == ["Sales — North", "Sales — South"]
    assert all(m.agenda for m in meetings)
    assert MeetingDecision.objects.filter(action_item__isnull=False).count() == 2
