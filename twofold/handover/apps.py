from django.apps import AppConfig


class HandoverConfig(AppConfig):
    name = "twofold.handover"
    label = "handover"
    verbose_name = "Hand-over"

    def ready(self) -> None:
        from twofold.handover.web import home
        from twofold.handover.won_deal import deal_close_won
        from twofold.sales.services.closing import register_won_deal_workflow

        home.register()
        # Sales' pages and API win deals through the whole workflow, which sits above sales.
        register_won_deal_workflow(deal_close_won)
