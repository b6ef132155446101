from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from twofold.people.models import ApiToken, RoleAssignment, Team, TeamMembership, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["password", "last_login", "date_joined"]
    exclude = ["groups", "user_permissions"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "department", "lead", "is_active"]


admin.site.register(RoleAssignment, SimpleHistoryAdmin)
admin.site.register(TeamMembership, SimpleHistoryAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["digest", "prefix"]
