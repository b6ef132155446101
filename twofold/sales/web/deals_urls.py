"""Deal pages under /sales/: the board, the list, a deal and the pipeline settings."""

from django.urls import path

from twofold.sales.web import deals as views
from twofold.sales.web import strategy

urlpatterns = [
    path("board/", views.board, name="board"),
    path("deals/", views.opportunity_list, name="opportunity_list"),
    path("deals/new/", views.opportunity_create, name="opportunity_create"),
    path("deals/<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("deals/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("deals/<int:pk>/move/", views.opportunity_move, name="opportunity_move"),
    path("deals/<int:pk>/reassign/", views.opportunity_reassign, name="opportunity_reassign"),
    path("deals/<int:pk>/strategy/", views.opportunity_strategy, name="opportunity_strategy"),
    path(
        "deals/<int:pk>/strategy/versions/",
        strategy.strategy_versions,
        name="strategy_versions",
    ),
    path(
        "deals/<int:pk>/strategy/versions/<int:number>/",
        strategy.strategy_version,
        name="strategy_version",
    ),
    path(
        "deals/<int:pk>/activities/",
        views.opportunity_log_activity,
        name="opportunity_log_activity",
    ),
    path("activities/<int:pk>/done/", views.task_complete, name="task_complete"),
    path("pipelines/", views.pipeline_list, name="pipeline_list"),
    path("pipelines/new/", views.pipeline_create, name="pipeline_create"),
    path("pipelines/<int:pk>/", views.pipeline_edit, name="pipeline_edit"),
]
