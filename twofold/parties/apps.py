from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "twofold.parties"
    label = "parties"
    verbose_name = "Companies and contacts"
