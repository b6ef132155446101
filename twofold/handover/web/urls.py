"""handover pages."""

app_name = "handover"

urlpatterns: list = []
