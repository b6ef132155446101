from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "twofold.core"
    label = "core"
    verbose_name = "Twofold core"

    def ready(self) -> None:
        from twofold.core import audit

        audit.connect()
