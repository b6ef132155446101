from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "twofold.search"
    label = "search"
    verbose_name = "Search"
