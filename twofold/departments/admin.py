from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from twofold.departments.models import RequestSla


@admin.register(RequestSla)
class RequestSlaAdmin(SimpleHistoryAdmin):
    list_display = ["department", "priority", "hours"]
    list_filter = ["department"]
