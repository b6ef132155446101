"""The hand-over: opened pre-filled when a new-business deal is won, filled in and submitted by
the seller, routed to an account manager who accepts it or sends it back with questions.

Status moves: draft → submitted → (sent back → submitted)* → accepted. Every send-back is a
kept ``HandoverRound``. Accepting makes the receiver the relationship owner (an ownership
event), opens the seller's shared window and turns the package's goals into the account's
goals. When the seller is also the receiving account manager (a small company), submitting
accepts at once: the hand-over is still recorded.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from twofold import policies
from twofold.accounts.choices import AccountStatus, GoalHorizon, InteractionKind
from twofold.accounts.events import plan_owner_changed
from twofold.accounts.models import Account, AccountPolicy, Goal
from twofold.accounts.services.ownership import relationship_change
from twofold.accounts.services.timeline import timeline_add
from twofold.core.audit import attribute
from twofold.core.money import format_money
from twofold.core.text_limits import length_errors
from twofold.handover.choices import OPEN_STATUSES, HandoverStatus
from twofold.handover.models import REQUIRED_FIELDS, HandoverPackage, HandoverRound
from twofold.handover.routing import route_for
from twofold.parties.models import Contact
from twofold.policies import Perm
from twofold.sales.models import DealStrategy
from twofold.sales.selectors.complaints import open_complaints_of_deal

if TYPE_CHECKING:
    from twofold.people.models import User
    from twofold.sales.models import Opportunity, TermSheet

# What the seller may write into the package.
EDITABLE_FIELDS = (
    "short_term_goals",
    "long_term_goals",
    "expectations",
    "success_criteria",
    "budget",
    "negotiated_terms",
    "stakeholders",
    "promises",
    "risks",
    "open_complaints",
)
STAKEHOLDER_LIMIT = 20


def _join(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _terms_summary(sheet: TermSheet) -> str:
    lines = [f"Total {format_money(sheet.total, sheet.currency)}"]
    if sheet.discount_percent:
        lines.append(f"Discount {sheet.discount_percent.normalize():f} %")
    lines.append(f"Payment due {sheet.net_days} days after invoice")
    instalments = list(sheet.instalments.order_by("number"))
    if len(instalments) > 1:
        lines.append(f"{len(instalments)} instalments:")
        lines.extend(
            f"  {i.number}. {i.due_date.day} {i.due_date:%b %Y}: "
            f"{format_money(i.amount, sheet.currency)}"
            for i in instalments
        )
    if sheet.version:
        lines.append(f"Term sheet version {sheet.version}")
    if sheet.notes.strip():
        lines.append(sheet.notes.strip())
    return "\n".join(lines)


def _stakeholders(opportunity: Opportunity) -> str:
    lines = []
    if opportunity.contact is not None:
        c = opportunity.contact
        lines.append(f"{c.full_name}{f' ({c.job_title})' if c.job_title else ''}: our contact")
    if opportunity.company_id is not None:
        others = Contact.objects.filter(company_id=opportunity.company_id).exclude(
            pk=opportunity.contact_id or 0
        )[:STAKEHOLDER_LIMIT]
        lines.extend(f"{c.full_name}{f' ({c.job_title})' if c.job_title else ''}" for c in others)
    return "\n".join(lines)


def _prefill(opportunity: Opportunity, sheet: TermSheet) -> dict[str, str]:
    strategy = DealStrategy.objects.filter(opportunity=opportunity).first()
    complaints = open_complaints_of_deal(opportunity).order_by("raised_at")
    return {
        "budget": format_money(sheet.total, sheet.currency)
        + " agreed on the won deal (after discount)"
        + (f" (buying centre: {opportunity.buying_centre})" if opportunity.buying_centre else ""),
        "negotiated_terms": _terms_summary(sheet),
        "stakeholders": _stakeholders(opportunity),
        "expectations": strategy.approach.strip() if strategy else "",
        "promises": strategy.key_messages.strip() if strategy else "",
        "risks": strategy.risks.strip() if strategy else "",
        "open_complaints": "\n".join(
            f"{c.summary} ({c.get_severity_display().lower()})" for c in complaints
        ),
    }


def _locked(package: HandoverPackage) -> HandoverPackage:
    return HandoverPackage.objects.select_for_update().get(pk=package.pk)


def _sync(target: HandoverPackage, saved: HandoverPackage) -> HandoverPackage:
    """Let the caller's instance show what was saved (services work on a locked copy)."""
    if target is not saved:
        for f in HandoverPackage._meta.concrete_fields:
            setattr(target, f.attname, getattr(saved, f.attname))
        target._state.fields_cache = {}
    return saved


def _refuse_if_accepted(package: HandoverPackage) -> None:
    """Refuse to work on a closed package: accepted, or superseded by a newer one."""
    if package.status == HandoverStatus.ACCEPTED:
        raise ValidationError("This hand-over was accepted already.", code="accepted")
    if package.status == HandoverStatus.SUPERSEDED:
        raise ValidationError(
            f"This hand-over was closed: {package.closed_reason}", code="superseded"
        )


def _supersede_older(package: HandoverPackage, actor: User | None) -> None:
    """A new hand-over of an account closes every older one still open, with the reason: only
    the newest is accepted, so two packages' goals never both land on the account."""
    older = (
        HandoverPackage.objects.select_for_update()
        .filter(account_id=package.account_id, status__in=OPEN_STATUSES)
        .exclude(pk=package.pk)
    )
    now = timezone.now()
    today = timezone.localdate()
    for stale in older.select_related("opportunity"):
        stale.status = HandoverStatus.SUPERSEDED
        stale.superseded_by = package
        stale.closed_at = now
        stale.closed_reason = (
            f"Superseded by the hand-over of {package.opportunity}, "
            f"opened {today.day} {today:%b %Y}."
        )[:300]
        stale.due_at = None
        attribute(stale, actor, "Superseded by a newer hand-over")
        stale.save()


def _missing(package: HandoverPackage) -> dict[str, list[str]]:
    """The required fields left empty, and one sentence naming them all."""
    labels = {f: label for f, label in REQUIRED_FIELDS.items() if not getattr(package, f).strip()}
    errors: dict[str, list[str]] = {f: [f"Fill in {label}."] for f, label in labels.items()}
    if package.receiver_id is None:
        errors["receiver"] = ["Choose the account manager who receives the account."]
    if labels:
        names = list(labels.values())
        sentence = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        errors[NON_FIELD_ERRORS] = [f"Fill in {sentence}."]
    return errors


def _start_clock(package: HandoverPackage, now: Any) -> None:
    package.status = HandoverStatus.SUBMITTED
    package.submitted_at = now
    package.first_submitted_at = package.first_submitted_at or now
    package.due_at = now + timedelta(hours=AccountPolicy.current().handover_sla_hours)


def _is_self_handover(package: HandoverPackage) -> bool:
    return package.receiver_id is not None and package.receiver_id == package.seller_id


@transaction.atomic
def handover_open(
    *, actor: User | None, opportunity: Opportunity, account: Account, sheet: TermSheet
) -> HandoverPackage:
    """Open the one hand-over of a won new-business deal (invariant 2), pre-filled from the
    deal (terms, budget, stakeholders, strategy, open complaints) and routed by the rules.

    Called by winning the deal, in its transaction; opening it again returns the package.
    Any older hand-over of the account still open is superseded (closed with the reason).
    """
    existing = HandoverPackage.objects.filter(opportunity=opportunity).first()
    if existing is not None:
        return existing
    if account.relationship_owner_id is not None:
        # A customer already looked after: their account manager receives the new deal, the
        # rules do not move the account (only a reassignment does, as an event).
        receiver, rule = account.relationship_owner, None
    else:
        route = route_for(account)
        receiver, rule = route.receiver, route.rule
    package = HandoverPackage(
        opportunity=opportunity,
        account=account,
        seller=opportunity.owner,
        receiver=receiver,
        routing_rule=rule,
        **_prefill(opportunity, sheet),
    )
    attribute(package, actor, "Opened on winning the deal")
    package.save()
    _supersede_older(package, actor)
    return package


@transaction.atomic
def handover_update(
    *, actor: User | None, package: HandoverPackage, **fields: str
) -> HandoverPackage:
    """The seller (or their sales lead) fills in the package while it is a draft or sent back.

    Only the text fields in ``EDITABLE_FIELDS`` may be given, each within its limit in
    ``twofold.core.text_limits``.
    """
    if actor is not None:
        policies.require(actor, Perm.HANDOVER_EDIT, package)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    current = _locked(package)
    _refuse_if_accepted(current)
    if current.status == HandoverStatus.SUBMITTED:
        raise ValidationError(
            "This hand-over waits for the account manager; it can be changed again if they "
            "send it back.",
            code="submitted",
        )
    errors = length_errors(HandoverPackage, **fields)
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in fields.items() if getattr(current, name) != (value or "")]
    if not changed:
        return _sync(package, current)
    for name in changed:
        setattr(current, name, (fields[name] or "").strip())
    attribute(current, actor, "Filled in")
    current.save(update_fields=changed)
    return _sync(package, current)


def _send_backs(count: int) -> str:
    if count == 0:
        return "Accepted without questions"
    return f"Accepted after {count} send-back{'s' if count > 1 else ''}"


def _accept(current: HandoverPackage, actor: User | None, *, reason: str) -> None:
    """Accept a locked, submitted package: the receiver takes the account over."""
    receiver = current.receiver
    assert receiver is not None  # noqa: S101
    now = timezone.now()
    policy = AccountPolicy.current()
    account = Account.objects.select_for_update().get(pk=current.account_id)

    if account.relationship_owner_id not in (None, receiver.pk):
        # The account moved (an account executive's reassignment) after this package was
        # routed: accepting it must not move the owner, or the supervisor with them, back.
        raise ValidationError(
            f"{account} is now looked after by {account.relationship_owner}; the hand-over "
            "goes to them.",
            code="stale",
        )
    if account.relationship_owner_id is None:
        relationship_change(
            account=account, actor=actor, new_owner_id=receiver.pk, reason="Hand-over accepted"
        )
        account.relationship_owner = receiver
    if account.is_key and account.plan_owner_id is None and policies.may_own_plan(receiver):
        plan_owner_changed(
            account,
            actor=actor,
            previous_id=None,
            new_id=receiver.pk,
            reason="Hand-over accepted: key account",
        )
        account.plan_owner = receiver
    account.status = AccountStatus.MANAGED
    if account.accepted_at is None:
        # The first hand-over makes the customer managed and opens the seller's window; a
        # later deal's seller has theirs from their own package (policies.accounts).
        account.accepted_at = now
        account.shared_until = now + timedelta(days=policy.shared_window_days)
    attribute(account, actor, "Hand-over accepted")
    account.save()

    for horizon, text in (
        (GoalHorizon.SHORT, current.short_term_goals),
        (GoalHorizon.LONG, current.long_term_goals),
    ):
        for line in text.splitlines():
            title = line.strip().lstrip("-*• ").strip()
            if not title:
                continue
            goal = Goal(
                account=account,
                horizon=horizon,
                title=title[:200],
                success_criteria=current.success_criteria,
                from_handover=True,
            )
            attribute(goal, actor, "From the hand-over")
            goal.save()

    current.status = HandoverStatus.ACCEPTED
    current.accepted_at = now
    current.accepted_by = receiver
    attribute(current, actor, reason)
    current.save()
    timeline_add(
        account=account,
        kind=InteractionKind.HANDOVER,
        subject=f"{receiver} accepted the hand-over from {current.seller}",
        body=f"{_send_backs(current.send_backs)}. Goals, expectations and terms are on the "
        "hand-over record.",
        author=receiver,
    )


@transaction.atomic
def handover_submit(*, actor: User | None, package: HandoverPackage) -> HandoverPackage:
    """The seller submits the filled-in package to the receiver; the SLA clock starts.

    Every empty required field is named; a receiver is needed. Submitting a submitted package
    changes nothing; a sent-back one is resubmitted by answering (``handover_answer``). When
    the receiver is the seller themselves, the package is accepted at once (self-accept).
    """
    if actor is not None:
        policies.require(actor, Perm.HANDOVER_EDIT, package)
    current = _locked(package)
    _refuse_if_accepted(current)
    if current.status == HandoverStatus.SUBMITTED:
        return _sync(package, current)
    if current.status == HandoverStatus.SENT_BACK:
        raise ValidationError(
            "Answer the account manager's questions to send it again.", code="sent_back"
        )
    errors = _missing(current)
    if errors:
        raise ValidationError(errors)
    _start_clock(current, timezone.now())
    attribute(current, actor, "Submitted")
    current.save()
    if _is_self_handover(current):
        _accept(current, actor, reason="Self-accepted: the seller also manages the account")
    return _sync(package, current)


@transaction.atomic
def handover_route(
    *, actor: User | None, package: HandoverPackage, receiver: User
) -> HandoverPackage:
    """A sales lead of the seller, an account executive or an admin overrides the receiver.

    The receiver must be an active account manager (a key account manager for a key account
    when one is chosen by the rules; a person may still choose any account manager). Routing
    a submitted package to the seller themselves accepts it at once (self-accept).
    """
    if actor is not None:
        policies.require(actor, Perm.HANDOVER_ROUTE, package)
    current = _locked(package)
    _refuse_if_accepted(current)
    if not policies.can(receiver, Perm.HANDOVER_RECEIVE):
        raise ValidationError(
            {"receiver": f"{receiver} is not an active account manager or key account manager."}
        )
    if current.receiver_id == receiver.pk:
        return _sync(package, current)
    if current.status == HandoverStatus.SENT_BACK and current.rounds.filter(answer="").exists():
        raise ValidationError(
            "The account manager's questions wait for an answer; answer them first.",
            code="sent_back",
        )
    current.receiver = receiver
    current.receiver_set_by = actor
    current.routing_rule = None
    if current.status == HandoverStatus.SUBMITTED:
        _start_clock(current, timezone.now())
    attribute(current, actor, f"Routed to {receiver}")
    current.save()
    if current.status == HandoverStatus.SUBMITTED and _is_self_handover(current):
        _accept(current, actor, reason="Self-accepted: the seller also manages the account")
    return _sync(package, current)


def _require_receiver(actor: User | None, package: HandoverPackage) -> None:
    if actor is None:
        return
    policies.require(actor, Perm.HANDOVER_VIEW, package)
    # The policy decides; the refusal names the receiver when the actor is someone else.
    not_theirs = (
        f"This hand-over is addressed to {package.receiver or 'nobody yet'}; only they can "
        "accept it or send it back."
    )
    policies.require(
        actor, Perm.HANDOVER_DECIDE, package, not_theirs if package.receiver_id != actor.pk else ""
    )


@transaction.atomic
def handover_accept(*, actor: User | None, package: HandoverPackage) -> HandoverPackage:
    """The receiving account manager accepts: they become the relationship owner (and the plan
    owner of a key account when they are a key account manager), the seller's shared window
    opens, the goals become the account's goals and the timeline shows the hand-over.

    Refused with a reason: someone else's hand-over, a draft, one sent back, one accepted.
    """
    current = _locked(package)
    _require_receiver(actor, current)
    _refuse_if_accepted(current)
    if current.status == HandoverStatus.DRAFT:
        raise ValidationError("The seller has not submitted this hand-over yet.", code="draft")
    if current.status == HandoverStatus.SENT_BACK:
        raise ValidationError(
            "This hand-over was sent back; the seller answers your questions first.",
            code="sent_back",
        )
    _accept(current, actor, reason="Accepted")
    return _sync(package, current)


@transaction.atomic
def handover_send_back(
    *, actor: User | None, package: HandoverPackage, questions: str
) -> HandoverRound:
    """The receiver sends the submitted package back to the seller with questions: a new
    round, kept for good, and the SLA clock stops until the seller answers."""
    current = _locked(package)
    _require_receiver(actor, current)
    _refuse_if_accepted(current)
    questions = (questions or "").strip()
    if current.status != HandoverStatus.SUBMITTED:
        raise ValidationError(
            "Only a submitted hand-over can be sent back; this one is "
            f"{current.get_status_display().lower()}.",
            code="not_submitted",
        )
    if not questions:
        raise ValidationError({"questions": "Ask the seller what you need to know."})
    if too_long := length_errors(HandoverRound, questions=questions):
        raise ValidationError(too_long)
    asker = actor or current.receiver
    assert asker is not None  # noqa: S101  (a submitted package has a receiver)
    round_ = HandoverRound.objects.create(
        package=current, number=current.rounds.count() + 1, questions=questions, asked_by=asker
    )
    current.status = HandoverStatus.SENT_BACK
    current.send_backs += 1
    current.due_at = None
    attribute(current, actor, "Sent back with questions")
    current.save()
    _sync(package, current)
    return round_


@transaction.atomic
def handover_answer(
    *, actor: User | None, package: HandoverPackage, answer: str, **fields: str
) -> HandoverPackage:
    """The seller answers the open round's questions (and may fix the package's fields in the
    same step); the package is submitted again with a fresh SLA deadline."""
    if actor is not None:
        policies.require(actor, Perm.HANDOVER_EDIT, package)
    current = _locked(package)
    _refuse_if_accepted(current)
    if current.status != HandoverStatus.SENT_BACK:
        raise ValidationError("There are no open questions to answer.", code="no_questions")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Answer the account manager's questions."})
    if too_long := length_errors(HandoverRound, answer=answer):
        raise ValidationError(too_long)
    if fields:
        handover_update(actor=actor, package=current, **fields)
        current.refresh_from_db()
    errors = _missing(current)
    if errors:
        raise ValidationError(errors)
    round_ = current.rounds.select_for_update().filter(answered_at__isnull=True).last()
    if round_ is not None:
        round_.answer = answer
        round_.answered_by = actor or current.seller
        round_.answered_at = timezone.now()
        round_.save(update_fields=["answer", "answered_by", "answered_at"])
    _start_clock(current, timezone.now())
    attribute(current, actor, "Answered and submitted again")
    current.save()
    if _is_self_handover(current):
        _accept(current, actor, reason="Self-accepted: the seller also manages the account")
    return _sync(package, current)
