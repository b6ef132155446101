"""The demo's customer accounts: hand-overs in every state and accounts looked after, made
through the services, the same on every load."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction
from django.utils import timezone

from twofold import demo
from twofold.accounts.choices import AmendmentStatus, OwnershipKind, SurveyKind
from twofold.accounts.models import Account, OwnershipEvent, SatisfactionResult, TermAmendment
from twofold.accounts.selectors.amendments import approvals_for
from twofold.accounts.selectors.portfolio import PortfolioFilters, portfolio_list
from twofold.accounts.selectors.voice import VoiceFilters, client_voice
from twofold.demo import accounts
from twofold.departments.choices import RequestStatus
from twofold.departments.models import InternalRequest
from twofold.departments.selectors import open_requests_for
from twofold.handover.choices import HandoverStatus
from twofold.handover.models import HandoverPackage, RoutingRule
from twofold.people.models import User


def _user(login: str) -> User:
    return User.objects.get(email=f"{login}@{demo.DEMO_DOMAIN}")


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker):
    """One demo load shared by the class's tests, rolled back at the end of the class."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


def _sees_own_accounts(user: User) -> int:
    return portfolio_list(actor=user, filters=PortfolioFilters(view="mine")).count()


def _sees_team_accounts(user: User) -> int:
    return (
        portfolio_list(actor=user, filters=PortfolioFilters())
        .exclude(relationship_owner=user)
        .count()
    )


def _sees_open_requests(user: User) -> int:
    return len(open_requests_for(actor=user))


def _hears_the_client_voice(user: User) -> int:
    return len(client_voice(actor=user, filters=VoiceFilters()).groups)


WORKING_DAYS: dict[str, Callable[[User], int]] = {
    "am": _sees_own_accounts,
    "am2": _sees_own_accounts,
    "kam": _sees_own_accounts,
    "solo": _sees_own_accounts,
    "ae": _sees_team_accounts,
    "ae2": _sees_team_accounts,
    "delivery": _sees_open_requests,
    "support": _sees_open_requests,
    "finance": _sees_open_requests,
    "product": _hears_the_client_voice,
}


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    @pytest.mark.parametrize("status", HandoverStatus.values)
    def test_there_are_hand_overs_in_every_status(self, status):
        assert HandoverPackage.objects.filter(status=status).count() > 0

    def test_one_submitted_hand_over_is_overdue_against_the_sla(self):
        submitted = HandoverPackage.objects.filter(status=HandoverStatus.SUBMITTED)

        assert [p.is_overdue for p in submitted].count(True) == 1

    def test_a_sent_back_hand_over_waits_for_the_sellers_answer(self):
        waiting = HandoverPackage.objects.filter(status=HandoverStatus.SENT_BACK, rounds__answer="")

        assert waiting.count() == 1

    def test_an_answered_hand_over_was_submitted_again(self):
        resubmitted = HandoverPackage.objects.filter(
            status=HandoverStatus.SUBMITTED, rounds__answered_at__isnull=False
        )

        assert resubmitted.count() == 1

    def test_some_hand_overs_were_accepted_after_a_round_of_questions(self):
        assert (
            HandoverPackage.objects.filter(status=HandoverStatus.ACCEPTED, send_backs__gt=0).count()
            >= 2
        )

    def test_accepted_hand_overs_happened_in_order_and_in_the_past(self):
        accepted = HandoverPackage.objects.filter(status=HandoverStatus.ACCEPTED).values_list(
            "account__name", "created_at", "first_submitted_at", "accepted_at"
        )

        now = timezone.now()
        out_of_order = [
            name
            for name, created, submitted, taken in accepted
            if submitted is None or taken is None or not created <= submitted <= taken < now
        ]

        assert out_of_order == []

    def test_some_accounts_are_inside_the_sellers_shared_window_and_most_past_it(self):
        managed = Account.objects.filter(accepted_at__isnull=False)

        inside = managed.filter(shared_until__gt=timezone.now()).count()

        assert 2 <= inside < managed.count() / 2

    def test_a_key_account_is_looked_after_and_planned_by_the_key_account_manager(self):
        kam = _user("kam")

        assert Account.objects.filter(is_key=True, relationship_owner=kam, plan_owner=kam).exists()

    def test_the_founder_accepted_the_hand_over_of_what_they_sold_themselves(self):
        solo = _user("solo")

        own = HandoverPackage.objects.filter(seller=solo, receiver=solo)

        assert set(own.values_list("status", flat=True)) == {HandoverStatus.ACCEPTED}

    def test_routing_rules_route_by_key_account_industry_and_region(self):
        rules = RoutingRule.objects.all()

        assert rules.filter(key_accounts_only=True).exists()
        assert rules.exclude(industry="").exists()
        assert rules.exclude(region="").exists()

    @pytest.mark.parametrize("status", RequestStatus.values)
    def test_there_are_internal_requests_in_every_status(self, status):
        assert InternalRequest.objects.filter(status=status).count() > 0

    def test_every_closed_request_says_what_came_of_it(self):
        closed = InternalRequest.objects.filter(
            status__in=[RequestStatus.RESOLVED, RequestStatus.DECLINED]
        )

        assert closed.filter(outcome="").count() == 0

    def test_accounts_have_nps_and_csat_answers_over_several_quarters(self):
        results = SatisfactionResult.objects.all()

        assert set(results.values_list("kind", flat=True)) == {SurveyKind.NPS, SurveyKind.CSAT}
        quarters = {
            (d.year, (d.month - 1) // 3) for d in results.values_list("taken_on", flat=True)
        }
        assert len(quarters) >= 3

    def test_renegotiated_terms_beyond_policy_wait_for_the_account_executive(self):
        waiting = approvals_for(actor=_user("ae"))

        assert [a.status for a in waiting] == [AmendmentStatus.PENDING_APPROVAL]

    def test_renegotiated_terms_beyond_policy_were_approved_by_an_account_executive(self):
        approved = TermAmendment.objects.filter(
            status=AmendmentStatus.APPROVED, decided_by=_user("ae2")
        ).exclude(reasons=[])

        assert approved.count() == 1

    def test_the_account_executive_moved_an_account_with_a_reason(self):
        moves = OwnershipEvent.objects.filter(
            kind=OwnershipKind.RELATIONSHIP, changed_by=_user("ae"), previous__isnull=False
        )

        assert moves.count() == 1
        assert moves.get().reason

    @pytest.mark.parametrize("login", list(WORKING_DAYS))
    def test_each_demo_login_has_work_to_look_at(self, login):
        sees = WORKING_DAYS[login]

        assert sees(_user(login)) > 0

    def test_loading_the_accounts_again_adds_nothing(self):
        before = (InternalRequest.objects.count(), SatisfactionResult.objects.count())

        accounts.load()

        assert (InternalRequest.objects.count(), SatisfactionResult.objects.count()) == before
