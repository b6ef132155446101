"""Intermediaries: partners and their contacts, linked to deals (with a role) and to leads."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold import policies
from twofold.core.audit import attribute
from twofold.core.text_limits import check_text
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import PartnerKind, PartnerRole
from twofold.sales.events import opportunity_partner_linked
from twofold.sales.models import Lead, Opportunity, Partner, PartnerContact, PartnerLink


def _check(instance: Partner | PartnerContact, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _save_partner(partner: Partner, actor: User | None, reason: str) -> Partner:
    partner.name = (partner.name or "").strip()
    if partner.kind not in PartnerKind.values:
        raise ValidationError(
            {"kind": "Choose a wholesaler, reseller, referral partner or agency."}
        )
    _check(partner)
    if Partner.objects.filter(name__iexact=partner.name).exclude(pk=partner.pk).exists():
        raise ValidationError({"name": "A partner with this name exists already."})
    attribute(partner, actor, reason)
    check_text(partner)
    partner.save()
    return partner


@transaction.atomic
def partner_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    website: str = "",
    notes: str = "",
) -> Partner:
    if actor is not None:
        policies.require(actor, Perm.PARTNER_MANAGE)
    partner = Partner(name=name, kind=kind, website=website, notes=notes)
    return _save_partner(partner, actor, "Created")


@transaction.atomic
def partner_update(
    *,
    actor: User | None,
    partner: Partner,
    name: str,
    kind: str,
    website: str = "",
    notes: str = "",
    is_active: bool = True,
) -> Partner:
    if actor is not None:
        policies.require(actor, Perm.PARTNER_MANAGE)
    partner.name = name
    partner.kind = kind
    partner.website = website
    partner.notes = notes
    partner.is_active = is_active
    return _save_partner(partner, actor, "Edited")


@transaction.atomic
def partner_contact_add(
    *,
    actor: User | None,
    partner: Partner,
    full_name: str,
    email: str = "",
    phone: str = "",
    job_title: str = "",
) -> PartnerContact:
    if actor is not None:
        policies.require(actor, Perm.PARTNER_MANAGE)
    contact = PartnerContact(
        partner=partner,
        full_name=(full_name or "").strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        job_title=(job_title or "").strip(),
    )
    _check(contact)
    attribute(contact, actor, "Added")
    contact.save()
    return contact


@transaction.atomic
def partner_link(
    *, actor: User | None, partner: Partner, opportunity: Opportunity, role: str
) -> PartnerLink:
    """Tie a partner to a deal with its role; linking again changes the role (one link)."""
    if actor is not None:
        policies.require(actor, Perm.PARTNER_LINK, opportunity)
    if role not in PartnerRole.values:
        raise ValidationError({"role": "Choose the partner's role in this deal."})
    if not partner.is_active:
        raise ValidationError({"partner": f"{partner} is no longer an active partner."})
    link = PartnerLink.objects.filter(partner=partner, opportunity=opportunity).first()
    if link is not None and link.role == role:
        return link
    if link is None:
        link = PartnerLink(partner=partner, opportunity=opportunity, role=role)
    link.role = role
    attribute(link, actor, "Linked")
    link.save()
    opportunity_partner_linked(opportunity, actor=actor, partner=partner, role=role)
    return link


@transaction.atomic
def partner_unlink(*, actor: User | None, link: PartnerLink) -> None:
    if actor is not None:
        policies.require(actor, Perm.PARTNER_LINK, link.opportunity)
    opportunity_partner_linked(
        link.opportunity, actor=actor, partner=link.partner, role=None, unlinked=True
    )
    attribute(link, actor, "Unlinked")
    link.delete()


@transaction.atomic
def lead_set_partner(*, actor: User | None, lead: Lead, partner: Partner | None) -> Lead:
    """Record which partner brought or works the lead (``None`` clears it)."""
    if actor is not None:
        policies.require(actor, Perm.PARTNER_LINK, lead)
    if partner is not None and not partner.is_active:
        raise ValidationError({"partner": f"{partner} is no longer an active partner."})
    if lead.partner_id == (partner.pk if partner else None):
        return lead
    lead.partner = partner
    attribute(lead, actor, f"Partner: {partner}" if partner else "Partner removed")
    lead.save(update_fields=["partner"])
    return lead
