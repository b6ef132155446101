from django.contrib import admin

from twofold.core.admin import ReadOnlyAdmin
from twofold.departments.models import RequestSla


@admin.register(RequestSla)
class RequestSlaAdmin(ReadOnlyAdmin):
    list_display = ["department", "priority", "hours"]
    list_filter = ["department"]
