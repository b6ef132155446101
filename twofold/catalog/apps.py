from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "twofold.catalog"
    label = "catalog"
    verbose_name = "Catalog"
