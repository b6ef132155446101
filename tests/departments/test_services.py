"""The rules of internal requests: raising, working, resolving and declining, the account's
open-request counter and the outcome on the account's timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.departments.world import Org, build_org, raise_request
from tests.factories import user_with
from twofold.accounts.choices import InteractionKind
from twofold.accounts.models import Account
from twofold.activities.models import Activity
from twofold.departments import services
from twofold.departments.choices import RequestStatus
from twofold.departments.models import InternalRequest, RequestSla
from twofold.people.choices import Department, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def org() -> Org:
    return build_org()


def open_requests(account: Account) -> int:
    return Account.objects.get(pk=account.pk).open_requests


# --- Raising --------------------------------------------------------------------------------


def test_a_raised_request_is_due_after_the_default_sla_of_its_priority(org):
    before = timezone.now()

    req = raise_request(org, priority="high")

    assert req.status == RequestStatus.OPEN
    assert req.raised_by == org.am
    assert req.due_at - req.raised_at == timedelta(hours=24)
    assert req.raised_at >= before


def test_an_admin_set_sla_for_the_department_and_priority_wins_over_the_default(org):
    RequestSla.objects.create(department=Department.DELIVERY, priority="high", hours=6)

    req = raise_request(org, priority="high")

    assert req.due_at - req.raised_at == timedelta(hours=6)


def test_another_departments_sla_does_not_apply(org):
    RequestSla.objects.create(department=Department.SUPPORT, priority="high", hours=6)

    req = raise_request(org, priority="high")

    assert req.due_at - req.raised_at == timedelta(hours=24)


def test_raising_a_request_counts_one_more_open_request_on_the_account(org):
    raise_request(org)
    raise_request(org, title="Second")

    assert open_requests(org.account) == 2


def test_the_account_executive_may_raise_for_their_account_managers_account(org):
    req = raise_request(org, actor=org.ae)

    assert req.raised_by == org.ae


def test_a_request_without_a_title_names_the_missing_field_and_writes_nothing(org):
    with pytest.raises(ValidationError) as caught:
        raise_request(org, title="  ")

    assert caught.value.message_dict == {"title": ["Say what you need in a few words."]}
    assert InternalRequest.objects.count() == 0
    assert open_requests(org.account) == 0


def test_an_unknown_department_and_priority_are_named(org):
    with pytest.raises(ValidationError) as caught:
        raise_request(org, department="marketing", priority="asap")

    assert set(caught.value.message_dict) == {"department", "priority"}


def test_an_account_manager_cannot_raise_on_another_managers_account(org):
    with pytest.raises(PermissionDenied):
        raise_request(org, account=org.other_account, actor=org.am)

    assert InternalRequest.objects.count() == 0


@pytest.mark.parametrize("who", ["delivery", "seller"])
def test_department_members_and_sellers_cannot_raise_requests(org, who):
    with pytest.raises(PermissionDenied):
        raise_request(org, actor=getattr(org, who))


# --- Working --------------------------------------------------------------------------------


def test_a_department_member_takes_a_request_of_their_department(org):
    req = raise_request(org)

    services.request_take(actor=org.delivery, request=req)

    assert InternalRequest.objects.get(pk=req.pk).assignee == org.delivery


def test_a_member_of_another_department_cannot_take_it(org):
    req = raise_request(org)

    with pytest.raises(PermissionDenied):
        services.request_take(actor=org.support, request=req)

    assert InternalRequest.objects.get(pk=req.pk).assignee is None


def test_the_departments_lead_assigns_it_to_a_member(org):
    req = raise_request(org)

    services.request_assign(actor=org.delivery_lead, request=req, assignee=org.delivery)

    assert InternalRequest.objects.get(pk=req.pk).assignee == org.delivery


def test_a_plain_member_cannot_assign(org):
    req = raise_request(org)

    with pytest.raises(PermissionDenied):
        services.request_assign(actor=org.delivery, request=req, assignee=org.delivery)


def test_it_cannot_be_assigned_to_someone_outside_the_department(org):
    req = raise_request(org)

    with pytest.raises(ValidationError) as caught:
        services.request_assign(actor=org.delivery_lead, request=req, assignee=org.support)

    assert list(caught.value.message_dict) == ["assignee"]
    assert InternalRequest.objects.get(pk=req.pk).assignee is None


def test_starting_work_marks_it_in_progress_and_makes_it_the_starters(org):
    req = raise_request(org)

    services.request_start(actor=org.delivery, request=req)

    req.refresh_from_db()
    assert (req.status, req.assignee) == (RequestStatus.IN_PROGRESS, org.delivery)


def test_starting_twice_changes_nothing_the_second_time(org):
    req = raise_request(org)
    services.request_start(actor=org.delivery, request=req)

    services.request_start(actor=org.delivery_lead, request=req)

    req.refresh_from_db()
    assert (req.status, req.assignee) == (RequestStatus.IN_PROGRESS, org.delivery)
    assert req.history.count() == 2


# --- Resolving and declining ----------------------------------------------------------------


def test_resolving_records_who_and_when_and_frees_the_accounts_counter(org):
    req = raise_request(org)

    services.request_resolve(actor=org.delivery, request=req, outcome="Site live on Monday.")

    req.refresh_from_db()
    assert req.status == RequestStatus.RESOLVED
    assert req.resolved_by == org.delivery
    assert req.resolved_at is not None
    assert req.outcome == "Site live on Monday."
    assert open_requests(org.account) == 0


def test_the_outcome_returns_to_the_accounts_timeline(org):
    req = raise_request(org)

    services.request_resolve(actor=org.delivery, request=req, outcome="Site live on Monday.")

    entry = Activity.objects.get(account=org.account)
    assert entry.kind == InteractionKind.REQUEST
    assert entry.subject == "Delivery resolved: Set up the second site"
    assert entry.body == "Site live on Monday."
    assert entry.author == org.delivery


def test_the_outcome_is_no_contact_with_the_client(org):
    req = raise_request(org)

    services.request_resolve(actor=org.delivery, request=req, outcome="Done.")

    assert Account.objects.get(pk=org.account.pk).last_contact_at is None


def test_resolving_twice_is_refused_with_a_reason_and_counts_once(org):
    req = raise_request(org)
    raise_request(org, title="Another")
    services.request_resolve(actor=org.delivery, request=req, outcome="Done.")

    with pytest.raises(ValidationError) as caught:
        services.request_resolve(actor=org.delivery, request=req, outcome="Done again.")

    assert caught.value.messages == ["This request was resolved already."]
    assert caught.value.code == "already_resolved"
    assert open_requests(org.account) == 1
    assert Activity.objects.filter(account=org.account).count() == 1


def test_resolving_without_an_outcome_names_it_and_changes_nothing(org):
    req = raise_request(org)

    with pytest.raises(ValidationError) as caught:
        services.request_resolve(actor=org.delivery, request=req, outcome=" ")

    assert list(caught.value.message_dict) == ["outcome"]
    req.refresh_from_db()
    assert req.status == RequestStatus.OPEN
    assert open_requests(org.account) == 1
    assert not Activity.objects.exists()


@pytest.mark.parametrize("who", ["support", "am", "ae"])
def test_only_the_department_resolves(org, who):
    req = raise_request(org)

    with pytest.raises(PermissionDenied):
        services.request_resolve(actor=getattr(org, who), request=req, outcome="Done.")

    assert open_requests(org.account) == 1


def test_a_closed_request_cannot_be_taken(org):
    req = raise_request(org)
    services.request_resolve(actor=org.delivery, request=req, outcome="Done.")

    with pytest.raises(ValidationError) as caught:
        services.request_take(actor=org.delivery_lead, request=req)

    assert caught.value.messages == ["This request was resolved already."]


def test_declining_needs_a_reason(org):
    req = raise_request(org)

    with pytest.raises(ValidationError) as caught:
        services.request_decline(actor=org.delivery, request=req, reason="")

    assert list(caught.value.message_dict) == ["reason"]
    assert open_requests(org.account) == 1


def test_a_declined_request_returns_its_reason_to_the_timeline(org):
    req = raise_request(org)

    services.request_decline(actor=org.delivery, request=req, reason="Not in the contract.")

    req.refresh_from_db()
    assert req.status == RequestStatus.DECLINED
    assert open_requests(org.account) == 0
    entry = Activity.objects.get(account=org.account)
    assert (entry.subject, entry.body) == (
        "Delivery declined: Set up the second site",
        "Not in the contract.",
    )


def test_the_requester_may_withdraw_their_own_request(org):
    req = raise_request(org)

    services.request_decline(actor=org.am, request=req, reason="Client changed their mind.")

    assert InternalRequest.objects.get(pk=req.pk).status == RequestStatus.DECLINED


def test_another_account_manager_cannot_withdraw_it(org):
    req = raise_request(org)

    with pytest.raises(PermissionDenied):
        services.request_decline(actor=org.other_am, request=req, reason="Mine now.")


def test_resolving_a_declined_request_is_refused(org):
    req = raise_request(org)
    services.request_decline(actor=org.delivery, request=req, reason="No.")

    with pytest.raises(ValidationError) as caught:
        services.request_resolve(actor=org.delivery, request=req, outcome="Done.")

    assert caught.value.messages == ["This request was declined already."]


# --- SLA settings ---------------------------------------------------------------------------


def test_an_admin_sets_the_sla_hours_and_defaults_are_not_stored(org):
    admin = user_with(Role.ADMIN)

    changed = services.request_sla_set(
        actor=admin, hours={("legal", "normal"): 72, ("legal", "low"): 120}
    )

    assert changed == 1
    assert list(RequestSla.objects.values_list("department", "priority", "hours")) == [
        ("legal", "normal", 72)
    ]


def test_sla_hours_must_be_positive(org):
    admin = user_with(Role.ADMIN)

    with pytest.raises(ValidationError) as caught:
        services.request_sla_set(actor=admin, hours={("legal", "normal"): 0})

    assert list(caught.value.message_dict) == ["hours_legal_normal"]
    assert not RequestSla.objects.exists()


def test_only_an_admin_sets_the_sla(org):
    with pytest.raises(PermissionDenied):
        services.request_sla_set(actor=org.ae, hours={("legal", "normal"): 72})
