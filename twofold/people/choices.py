from django.db import models


class Role(models.TextChoices):
    """The jobs of a B2B revenue team. One person may hold several (small companies combine)."""

    LEAD_GENERATOR = "lead_generator", "Lead generator"
    BDM = "bdm", "Business development manager"
    AGENT = "agent", "Agent"
    SALES_LEAD = "sales_lead", "Sales lead"
    ACCOUNT_MANAGER = "account_manager", "Account manager"
    KEY_ACCOUNT_MANAGER = "key_account_manager", "Key account manager"
    ACCOUNT_EXECUTIVE = "account_executive", "Account executive"
    DEPARTMENT_MEMBER = "department_member", "Department member"
    ADMIN = "admin", "Admin"


SALES_ROLES = frozenset({Role.LEAD_GENERATOR, Role.BDM, Role.AGENT, Role.SALES_LEAD})
ACCOUNT_ROLES = frozenset({Role.ACCOUNT_MANAGER, Role.KEY_ACCOUNT_MANAGER, Role.ACCOUNT_EXECUTIVE})


class TeamKind(models.TextChoices):
    SALES = "sales", "Sales team"
    ACCOUNT_MANAGEMENT = "account_management", "Account-management team"
    DEPARTMENT = "department", "Department"


class Department(models.TextChoices):
    DELIVERY = "delivery", "Delivery"
    SUPPORT = "support", "Support"
    FINANCE = "finance", "Finance"
    LEGAL = "legal", "Legal"
    PRODUCT = "product", "Product"


# Who may lead and who may belong to each kind of team.
TEAM_LEAD_ROLE = {
    TeamKind.SALES: Role.SALES_LEAD,
    TeamKind.ACCOUNT_MANAGEMENT: Role.ACCOUNT_EXECUTIVE,
    TeamKind.DEPARTMENT: Role.DEPARTMENT_MEMBER,
}
TEAM_MEMBER_ROLES = {
    TeamKind.SALES: SALES_ROLES,
    TeamKind.ACCOUNT_MANAGEMENT: ACCOUNT_ROLES,
    TeamKind.DEPARTMENT: frozenset({Role.DEPARTMENT_MEMBER}),
}


def role_side(role: str) -> str:
    """Which half of the revenue team a role works in: "sales", "accounts" or "other"."""
    if role in SALES_ROLES:
        return "sales"
    if role in ACCOUNT_ROLES:
        return "accounts"
    return "other"
