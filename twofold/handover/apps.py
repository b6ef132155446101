from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "twofold.handover"
    label = "handover"
    verbose_name = "Hand-over"

    def ready(self) -> None:
        from twofold.handover.web import home

        home.register()
