"""Likely duplicates of a lead: same e-mail, same company domain, similar company name.

Duplicates are *shown*, never blocking: two people at one company are two leads, and a
returning prospect is worth a second look rather than a refusal.

Every criterion is answered by an index on ``sales_lead`` (one query, at most ``limit`` rows):

* e-mail: equality on ``lower(email)`` (``sales_lead_email_ci``);
* domain: equality on ``company_domain`` (``sales_lead_domain``); services store domains in lower
  case and take it from the e-mail when none is given, so this also finds colleagues who only
  left an address;
* company name: a case-insensitive *prefix* range on ``lower(company_name)``
  (``sales_lead_company_ci``) with the name stripped of its legal suffix ("Acme GmbH" finds
  "ACME Ltd" and "Acme"); the candidates are then compared word by word in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.db.models.functions import Lower

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from twofold.sales.models import Lead

# Addresses at these providers say nothing about the company.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "yandex.ru",
        "t-online.de",
    }
)

LEGAL_SUFFIXES = frozenset(
    {
        "ab",
        "ag",
        "as",
        "bv",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "incorporated",
        "kg",
        "limited",
        "llc",
        "llp",
        "ltd",
        "nv",
        "oy",
        "plc",
        "pty",
        "sa",
        "sarl",
        "sas",
        "se",
        "spa",
        "srl",
        "ug",
    }
)
MIN_NAME_CORE = 3  # shorter cores ("ab") would match half the table
_WORDS = re.compile(r"[^\w&]+", re.UNICODE)


def normalize_domain(value: str) -> str:
    """``https://www.Example.com/x`` and ``Example.COM`` both become ``example.com``."""
    domain = (value or "").strip().lower()
    domain = re.sub(r"^[a-z]+://", "", domain).split("/", 1)[0].split("@")[-1]
    return domain.removeprefix("www.").strip(".")


def domain_of_email(email: str) -> str:
    """The company domain an e-mail address reveals, or "" for free-mail providers."""
    if "@" not in (email or ""):
        return ""
    domain = normalize_domain(email.rsplit("@", 1)[1])
    return "" if domain in FREE_MAIL_DOMAINS else domain


def company_core(name: str) -> str:
    """The company name without case, punctuation or legal suffixes: "ACME, Inc." → "acme"."""
    words = [w for w in _WORDS.split((name or "").lower()) if w]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def lower_prefix_q(field: str, prefix: str) -> Q:
    """``lower(field)`` starts with ``prefix`` as an index range plus an exact check.

    The range (``>= prefix AND < next``) lets a plain expression index on ``lower(field)`` serve
    the search on SQLite and on PostgreSQL under any collation (``LIKE 'x%'`` would need
    ``text_pattern_ops``); the ``startswith`` keeps the answer exact.
    """
    prefix = prefix.lower()
    annotation = f"{field}_lower"
    return Q(
        **{
            f"{annotation}__gte": prefix,
            f"{annotation}__lt": _prefix_upper_bound(prefix),
            f"{annotation}__startswith": prefix,
        }
    )


def with_lower(leads: QuerySet[Lead], *fields: str) -> QuerySet[Lead]:
    return leads.annotate(**{f"{field}_lower": Lower(field) for field in fields})


def _similar_names(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


@dataclass(frozen=True)
class Duplicate:
    lead: Lead
    reasons: tuple[str, ...]


def find_duplicates(
    leads: QuerySet[Lead],
    *,
    email: str = "",
    company_domain: str = "",
    company_name: str = "",
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[Duplicate]:
    """Leads in ``leads`` (already scoped to what the caller may see) that look like the same
    person or company, newest first, each with why it matched. One query."""
    email = (email or "").strip().lower()
    domain = normalize_domain(company_domain) or domain_of_email(email)
    core = company_core(company_name)
    if len(core) < MIN_NAME_CORE:
        core = ""
    criteria = Q()
    if email:
        criteria |= Q(email_lower=email)
    if domain:
        criteria |= Q(company_domain=domain)
    if core:
        criteria |= lower_prefix_q("company_name", core)
    if not criteria:
        return []
    candidates = with_lower(leads, "email", "company_name").filter(criteria)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found: list[Duplicate] = []
    for lead in candidates.select_related("owner").order_by("-created_at", "-id")[: limit * 3]:
        reasons = []
        if email and lead.email.lower() == email:
            reasons.append("same e-mail")
        if domain and lead.company_domain == domain:
            reasons.append("same company domain")
        if core and _similar_names(company_core(lead.company_name), core):
            reasons.append("similar company name")
        if reasons:
            found.append(Duplicate(lead=lead, reasons=tuple(reasons)))
        if len(found) == limit:
            break
    return found
