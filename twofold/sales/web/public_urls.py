urlpatterns: list = []  # the public web-to-lead form (no sign-in)
