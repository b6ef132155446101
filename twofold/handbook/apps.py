from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "twofold.handbook"
    label = "handbook"
    verbose_name = "Role handbook"

    def ready(self) -> None:
        from twofold.handbook.web import home

        home.register()
