from django.apps import AppConfig


class DepartmentsConfig(AppConfig):
    name = "twofold.departments"
    label = "departments"
    verbose_name = "Internal requests"
