from django.apps import AppConfig


class DepartmentsConfig(AppConfig):
    name = "twofold.departments"
    label = "departments"
    verbose_name = "Internal requests"

    def ready(self) -> None:
        from twofold.departments.web import home

        home.register()
