from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "twofold.activities"
    label = "activities"
    verbose_name = "Activities"
