from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "twofold.sales"
    label = "sales"
    verbose_name = "Sales"

    def ready(self) -> None:
        from twofold.sales.web import home

        home.register()
