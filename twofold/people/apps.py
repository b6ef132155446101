from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "twofold.people"
    label = "people"
    verbose_name = "People, roles and teams"

    def ready(self) -> None:
        from twofold.people.web import home, session_tracking

        home.register()
        session_tracking.connect()
