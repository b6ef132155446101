from django.contrib import admin
from django.contrib.auth.models import Group

from twofold.core.admin import ReadOnlyAdmin
from twofold.people.models import ApiToken, RoleAssignment, Team, TeamMembership, User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["password", "last_login", "date_joined"]
    exclude = ["groups", "user_permissions"]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "department", "lead", "is_active"]


admin.site.register(RoleAssignment, ReadOnlyAdmin)
admin.site.register(TeamMembership, ReadOnlyAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["digest", "prefix"]


# Access comes from Twofold's roles (decision 0006), so Django's groups only invite confusion.
admin.site.unregister(Group)
