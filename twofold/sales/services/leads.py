"""Writes to leads: capture (UI, API, public web form), editing and BANT, status changes,
disqualification, and qualification, which hands the lead to a BDM as a new-business deal.

Status machine::

    new <-> working <-> qualified --lead_qualify--> converted (final, links to its opportunity)
      \\________\\___________\\--lead_disqualify--> disqualified --reopen--> working
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Lower
from django.utils import timezone

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.parties.models import Company, Contact
from twofold.people.choices import Role, TeamKind
from twofold.people.models import Team, User
from twofold.policies import Perm
from twofold.sales.choices import LeadSource, LeadStatus, OpportunityKind
from twofold.sales.duplicates import Duplicate, domain_of_email, find_duplicates, normalize_domain
from twofold.sales.events import (
    lead_converted,
    lead_created,
    lead_disqualified,
    lead_qualified,
    lead_reopened,
    lead_status_changed,
)
from twofold.sales.models import Lead, Opportunity, Partner, WebForm
from twofold.sales.services.customers import EXPANSION_KINDS, ExistingCustomer, existing_customer
from twofold.sales.services.deals import check_owner_fits_kind, opportunity_create
from twofold.sales.services.routing import lead_assign_owner, lead_route

# Statuses a person sets by hand; disqualified and converted have their own services.
MANUAL_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.QUALIFIED)
DETAIL_FIELDS = (
    "full_name",
    "email",
    "phone",
    "job_title",
    "company_name",
    "company_domain",
    "industry",
    "region",
    "source",
    "partner",
    "budget_amount",
    "budget_currency",
    "authority",
    "need",
    "timeline",
    "notes",
)


@dataclass(frozen=True)
class LeadCreated:
    lead: Lead
    duplicates: list[Duplicate]


def _clean_text(value: Any) -> str:
    return str(value or "").strip()


def _prepare(lead: Lead) -> None:
    """Normalise what is compared later (domains, e-mails) and validate the row."""
    lead.full_name = _clean_text(lead.full_name)
    lead.email = _clean_text(lead.email).lower()
    lead.company_name = _clean_text(lead.company_name)
    lead.company_domain = normalize_domain(lead.company_domain) or domain_of_email(lead.email)
    if lead.budget_amount is not None and lead.budget_amount < 0:
        raise ValidationError({"budget_amount": "A budget is not negative."})
    if not lead.full_name:
        raise ValidationError({"full_name": "Give the person's name."})
    lead.full_clean(exclude=["opportunity", "company", "web_form"])


def _initial_owner(actor: User | None) -> User | None:
    """Lead generators and agents keep what they capture; everyone else's leads are routed."""
    if actor is not None and policies.can(actor, Perm.LEAD_KEEP_CAPTURED):
        return actor
    return None


@transaction.atomic
def lead_create(
    *,
    actor: User | None,
    full_name: str,
    email: str = "",
    phone: str = "",
    job_title: str = "",
    company_name: str = "",
    company_domain: str = "",
    industry: str = "",
    region: str = "",
    source: str = LeadSource.OTHER,
    partner: Partner | None = None,
    budget_amount: Decimal | None = None,
    budget_currency: str = "EUR",
    authority: str = "",
    need: str = "",
    timeline: str = "",
    notes: str = "",
    message: str = "",
    web_form: WebForm | None = None,
    route: bool = False,
) -> LeadCreated:
    """Capture a lead and give it an owner: its creator if they work leads themselves (lead
    generators, agents) unless they ask to ``route`` it, otherwise the assignment rules.
    Returns the lead and its likely duplicates among the leads the actor may see (shown,
    never blocking)."""
    if actor is not None:
        policies.require(actor, Perm.LEAD_CREATE)
        if partner is not None:
            policies.require(actor, Perm.PARTNER_LINK)
    now = timezone.now()
    lead = Lead(
        full_name=full_name,
        email=email,
        phone=_clean_text(phone),
        job_title=_clean_text(job_title),
        company_name=company_name,
        company_domain=company_domain,
        industry=_clean_text(industry),
        region=_clean_text(region),
        source=source,
        partner=partner,
        budget_amount=budget_amount,
        budget_currency=budget_currency or "EUR",
        authority=_clean_text(authority),
        need=need or "",
        timeline=_clean_text(timeline),
        notes=notes or "",
        message=message or "",
        web_form=web_form,
        created_at=now,
        updated_at=now,
    )
    _prepare(lead)
    scope = policies.leads_visible_to(actor) if actor is not None else Lead.objects.all()
    duplicates = find_duplicates(
        scope, email=lead.email, company_domain=lead.company_domain, company_name=lead.company_name
    )
    attribute(lead, actor, "Created")
    check_text(lead)
    lead.save()
    lead_created(lead, actor=actor, web_form=web_form, duplicates=[d.lead for d in duplicates])
    owner = None if route else _initial_owner(actor)
    if owner is not None:
        lead_assign_owner(
            actor=actor, lead=lead, owner=owner, reason="Captured by its owner", rule=None
        )
    else:
        lead_route(actor=actor, lead=lead)
    return LeadCreated(lead=lead, duplicates=duplicates)


@transaction.atomic
def lead_update(*, actor: User | None, lead: Lead, **changes: Any) -> Lead:
    """Edit a lead's details and BANT. Only the fields given change; ``status`` goes through
    :func:`lead_set_status` so its rules hold here too."""
    if actor is not None:
        policies.require(actor, Perm.LEAD_EDIT, lead)
    unknown = set(changes) - {*DETAIL_FIELDS, "status"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    status = changes.pop("status", None)
    changed = [name for name, value in changes.items() if getattr(lead, name) != value]
    if actor is not None and "partner" in changed:
        policies.require(actor, Perm.PARTNER_LINK, lead)
    for name in changed:
        value = changes[name]
        if value is None and name not in ("partner", "budget_amount"):
            value = ""
        setattr(lead, name, value)
    if changed:
        if lead.status == LeadStatus.CONVERTED and "source" in changed:
            raise ValidationError({"source": "A converted lead keeps its source."})
        _prepare(lead)
        lead.updated_at = timezone.now()
        attribute(lead, actor, "Edited")
        check_text(lead)
        lead.save()
    if status is not None and status != lead.status:
        lead_set_status(actor=actor, lead=lead, status=status)
    return lead


@transaction.atomic
def lead_set_status(*, actor: User | None, lead: Lead, status: str) -> Lead:
    """Move an open lead between new, working and qualified, or reopen a disqualified one.
    A converted lead's status is final."""
    if actor is not None:
        policies.require(actor, Perm.LEAD_EDIT, lead)
    if lead.status == status:
        return lead
    if lead.status == LeadStatus.CONVERTED:
        raise ValidationError(
            "This lead was handed to a BDM; its status no longer changes.", code="converted"
        )
    if status == LeadStatus.DISQUALIFIED:
        raise ValidationError({"status": "Disqualify the lead with a reason instead."})
    if status == LeadStatus.CONVERTED:
        raise ValidationError({"status": "Qualify the lead to hand it to a BDM instead."})
    if status not in MANUAL_STATUSES:
        raise ValidationError({"status": "Choose new, working or qualified."})
    previous = lead.status
    lead.status = status
    lead.disqualify_reason = ""
    lead.updated_at = timezone.now()
    attribute(lead, actor, "Status changed")
    lead.save(update_fields=["status", "disqualify_reason", "updated_at"])
    event = lead_reopened if previous == LeadStatus.DISQUALIFIED else lead_status_changed
    event(lead, actor=actor, from_status=previous, to_status=status)
    return lead


@transaction.atomic
def lead_disqualify(*, actor: User | None, lead: Lead, reason: str) -> Lead:
    """Close a lead as not a fit; the reason is required. Disqualifying twice changes nothing."""
    if actor is not None:
        policies.require(actor, Perm.LEAD_EDIT, lead)
    reason = _clean_text(reason)
    if lead.status == LeadStatus.CONVERTED:
        raise ValidationError(
            "This lead was already handed to a BDM; close the deal instead.", code="converted"
        )
    if not reason:
        raise ValidationError({"reason": "Say why the lead is disqualified."})
    if len(reason) > 200:
        raise ValidationError({"reason": "Keep the reason under 200 characters."})
    if lead.status == LeadStatus.DISQUALIFIED:
        return lead
    previous = lead.status
    lead.status = LeadStatus.DISQUALIFIED
    lead.disqualify_reason = reason
    lead.updated_at = timezone.now()
    attribute(lead, actor, "Disqualified")
    lead.save(update_fields=["status", "disqualify_reason", "updated_at"])
    lead_disqualified(lead, actor=actor, from_status=previous, reason=reason)
    return lead


# --- Qualification and hand-off -------------------------------------------------------------


def _sales_team_ids(user: User | None) -> list[int]:
    if user is None:
        return []

    return list(
        Team.objects.filter(
            Q(memberships__user=user) | Q(lead=user), kind=TeamKind.SALES, is_active=True
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _least_recently_handed(bdms: Any) -> User | None:
    """Round-robin without a pointer: the BDM who received a lead's deal longest ago (never
    first), ties by id. Deterministic, and fair as people join and leave."""
    return (
        bdms.filter(is_active=True, role_assignments__role=Role.BDM)
        .distinct()
        .annotate(
            last_handed=Max(
                "owned_opportunities__created_at",
                filter=Q(owned_opportunities__source_lead__isnull=False),
            )
        )
        # Never handed one (NULL) first, then the oldest hand-off.
        .order_by(F("last_handed").asc(nulls_first=True), "id")
        .first()
    )


def choose_bdm(lead: Lead, actor: User | None) -> User | None:
    """By rule: a BDM of the lead owner's sales team (of the actor's, for an unassigned lead),
    otherwise any active BDM."""
    team_ids = _sales_team_ids(lead.owner if lead.owner_id else actor)
    if team_ids:
        chosen = _least_recently_handed(User.objects.filter(memberships__team_id__in=team_ids))
        if chosen is not None:
            return chosen
    return _least_recently_handed(User.objects.all())


def _find_company(lead: Lead) -> Company | None:
    """The lead's company as already known: linked, by domain, then by name without case."""
    if lead.company_id:
        return lead.company
    company = None
    if lead.company_domain:
        company = Company.objects.filter(domain=lead.company_domain).order_by("id").first()
    if company is None and lead.company_name:
        company = (
            Company.objects.annotate(name_lower=Lower("name"))
            .filter(name_lower=lead.company_name.lower())
            .order_by("id")
            .first()
        )
    return company


def lead_existing_customer(lead: Lead) -> ExistingCustomer | None:
    """The customer account the lead's company already is, if any (read before qualifying)."""
    company = _find_company(lead)
    return existing_customer(company.pk if company is not None else None)


def _company_for(lead: Lead, found: Company | None) -> Company | None:
    """Link the lead's company found by :func:`_find_company`, else a new one."""
    company = found
    if company is None and (lead.company_name or lead.company_domain):
        company = Company(
            name=lead.company_name or lead.company_domain,
            domain=lead.company_domain,
            industry=lead.industry,
            region=lead.region,
        )
        company.full_clean()
        company.save()
    return company


def _contact_for(lead: Lead, company: Company | None) -> Contact:
    """Link the contact by e-mail (without case), else a new one at the company."""
    if lead.email:
        existing = (
            Contact.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower=lead.email.lower())
            .order_by("id")
            .first()
        )
        if existing is not None:
            return existing
    contact = Contact(
        company=company,
        full_name=lead.full_name,
        email=lead.email,
        phone=lead.phone,
        job_title=lead.job_title,
    )
    contact.full_clean()
    contact.save()
    return contact


def _expansion_owner(customer: ExistingCustomer | None, kind: str, bdm: User | None) -> User:
    """Who owns an upsell or cross-sell opened from a lead: the customer's account manager."""
    if customer is None:
        raise ValidationError(
            {
                "kind": f"{OpportunityKind(kind).label} is for existing customers; this lead's "
                "company is not one yet."
            }
        )
    if customer.manager is None:
        raise ValidationError({"kind": customer.warning})
    if bdm is not None and bdm.pk != customer.manager.pk:
        raise ValidationError(
            {
                "bdm": f"{customer.account} is looked after by {customer.manager}: the "
                f"{OpportunityKind(kind).label.lower()} goes to them."
            }
        )
    return customer.manager


@transaction.atomic
def lead_qualify(
    *,
    actor: User | None,
    lead: Lead,
    bdm: User | None = None,
    note: str = "",
    kind: str = OpportunityKind.NEW_BUSINESS,
) -> Opportunity:
    """Hand a qualified lead to a business development manager as a new-business deal.

    The BDM is ``bdm`` if given, else chosen by rule (:func:`choose_bdm`); an agent's lead stays
    with the agent, who works it like a BDM. Links or creates the company (domain, then name)
    and the contact (e-mail), opens the deal with the BANT budget as its amount, and marks the
    lead converted. Qualifying again returns the same deal and opens nothing.

    A company that is already a customer gets no new-business deal (invariant 1): qualifying
    is refused with a warning naming its account manager, and qualifying with ``kind`` upsell
    or cross-sell opens that deal for the account manager instead.
    """
    if actor is not None:
        policies.require(actor, Perm.LEAD_EDIT, lead)
    if kind not in (OpportunityKind.NEW_BUSINESS, *EXPANSION_KINDS):
        raise ValidationError({"kind": "A lead becomes new business, an upsell or a cross-sell."})
    # Lock the row: two clicks at once must not open two deals.
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status == LeadStatus.CONVERTED:
        if lead.opportunity_id is None:
            raise ValidationError(
                "This lead was converted elsewhere; there is nothing to hand over.",
                code="converted_elsewhere",
            )
        return Opportunity.objects.get(pk=lead.opportunity_id)
    if lead.status == LeadStatus.DISQUALIFIED:
        raise ValidationError(
            "A disqualified lead cannot be qualified; reopen it first.", code="disqualified"
        )
    found = _find_company(lead)
    customer = existing_customer(found.pk if found is not None else None)
    owner = lead.owner
    if kind != OpportunityKind.NEW_BUSINESS:
        bdm, how = _expansion_owner(customer, kind, bdm), "account_manager"
    elif customer is not None:
        raise ValidationError({"kind": ValidationError(customer.warning, code="existing_customer")})
    elif owner is not None and policies.sells_as_agent(owner):
        if bdm is not None and bdm.pk != owner.pk:
            raise ValidationError({"bdm": "An agent's lead stays with the agent."})
        bdm, how = owner, "agent"
    elif bdm is not None:
        how = "chosen"
    else:
        bdm, how = choose_bdm(lead, actor), "rule"
        if bdm is None:
            raise ValidationError({"bdm": "There is no active business development manager."})
    try:
        check_owner_fits_kind(bdm, kind)
    except ValidationError as exc:
        raise ValidationError({"bdm": exc.message_dict.get("owner", exc.messages)}) from exc

    company = _company_for(lead, found)
    contact = _contact_for(lead, company)
    label = OpportunityKind(kind).label.lower()
    opportunity = opportunity_create(
        actor=actor,
        name=f"{company.name if company else lead.full_name} — {label}",
        owner=bdm,
        kind=kind,
        company=company,
        contact=contact,
        amount=lead.budget_amount or Decimal("0.00"),
        currency=lead.budget_currency,
        check_permission=False,
    )
    previous = lead.status
    lead.status = LeadStatus.CONVERTED
    lead.opportunity = opportunity
    lead.company = company
    lead.updated_at = timezone.now()
    attribute(lead, actor, f"Handed to {bdm}")
    lead.save(update_fields=["status", "opportunity", "company", "updated_at"])
    lead_qualified(lead, actor=actor, from_status=previous, bdm=bdm, how=how)
    lead_converted(
        lead,
        actor=actor,
        opportunity=opportunity,
        bdm=bdm,
        company=company,
        contact=contact,
        note=_clean_text(note),
    )
    return opportunity


# --- Web forms (admins) and the public capture ----------------------------------------------


def new_form_key() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def webform_create(
    *,
    actor: User | None,
    name: str,
    thank_you_message: str = "",
    source: str = LeadSource.WEB_FORM,
    is_active: bool = True,
    asks_industry: bool = False,
    asks_region: bool = False,
    industry: str = "",
    region: str = "",
) -> WebForm:
    """A public web-to-lead form with a fresh secret key. ``asks_industry``/``asks_region``
    put those questions on the form; ``industry``/``region`` are what a lead gets when the
    visitor does not say, so routing rules on them match the form's leads."""
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)
    form = WebForm(
        name=_clean_text(name),
        key=new_form_key(),
        source=source,
        is_active=is_active,
        asks_industry=asks_industry,
        asks_region=asks_region,
        industry=_clean_text(industry),
        region=_clean_text(region),
    )
    if _clean_text(thank_you_message):
        form.thank_you_message = thank_you_message.strip()
    form.full_clean()
    attribute(form, actor, "Created")
    check_text(form)
    form.save()
    return form


@transaction.atomic
def webform_update(
    *,
    actor: User | None,
    form: WebForm,
    name: str,
    thank_you_message: str,
    source: str,
    is_active: bool,
    new_key: bool = False,
    asks_industry: bool | None = None,
    asks_region: bool | None = None,
    industry: str | None = None,
    region: str | None = None,
) -> WebForm:
    """Change a form; ``new_key`` replaces its key (the old embed stops working). The
    routing questions and defaults left ``None`` stay as they are."""
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)
    form.name = _clean_text(name)
    form.thank_you_message = _clean_text(thank_you_message) or form.thank_you_message
    form.source = source
    form.is_active = is_active
    if asks_industry is not None:
        form.asks_industry = asks_industry
    if asks_region is not None:
        form.asks_region = asks_region
    if industry is not None:
        form.industry = _clean_text(industry)
    if region is not None:
        form.region = _clean_text(region)
    if new_key:
        form.key = new_form_key()
    form.full_clean()
    attribute(form, actor, "Changed")
    check_text(form)
    form.save()
    return form


@transaction.atomic
def lead_capture_from_web_form(
    *,
    form: WebForm,
    full_name: str,
    email: str,
    phone: str = "",
    company_name: str = "",
    job_title: str = "",
    message: str = "",
    industry: str = "",
    region: str = "",
) -> Lead:
    """A lead submitted through a public form: no actor, source from the form, routed.
    Industry and region count only where the form asks them; otherwise (or left empty)
    the form's defaults apply."""
    if not form.is_active:
        raise ValidationError("This form no longer takes submissions.", code="inactive")
    if not _clean_text(email):
        raise ValidationError({"email": "Give an e-mail address."})
    created = lead_create(
        actor=None,
        full_name=full_name,
        email=email,
        phone=phone,
        job_title=job_title,
        company_name=company_name,
        source=form.source,
        message=message,
        web_form=form,
        industry=(_clean_text(industry) if form.asks_industry else "") or form.industry,
        region=(_clean_text(region) if form.asks_region else "") or form.region,
    )
    return created.lead
