"""departments pages."""

app_name = "departments"

urlpatterns: list = []
