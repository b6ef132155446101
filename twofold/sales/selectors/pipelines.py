"""Reads of pipelines and their stages. Everyone who works deals sees the pipelines;
department members see none."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from twofold import policies
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.models import Pipeline, Stage


def _with_stages(pipelines: QuerySet[Pipeline]) -> QuerySet[Pipeline]:
    return pipelines.prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("order")))


def pipeline_list(*, actor: User, include_archived: bool = False) -> QuerySet[Pipeline]:
    """Pipelines with their stages (2 queries); archived ones only for admins who ask."""
    if not policies.can(actor, Perm.OPPORTUNITY_LIST):
        return Pipeline.objects.none()
    pipelines = Pipeline.objects.all()
    if not (include_archived and policies.can(actor, Perm.SALES_CONFIGURE)):
        pipelines = pipelines.filter(is_active=True)
    return _with_stages(pipelines.order_by("-is_default", "name", "pk"))


def pipeline_get_for_actor(*, actor: User, pk: int | str) -> Pipeline:
    """The pipeline with its ordered stages, or 404 for someone who sees no pipeline."""
    try:
        return pipeline_list(actor=actor, include_archived=True).get(pk=pk)
    except (Pipeline.DoesNotExist, ValueError) as exc:
        raise Http404("No such pipeline.") from exc


def pipeline_for_board(*, actor: User, pk: int | str | None) -> Pipeline | None:
    """The pipeline a board or list asks for, else the default one (None: no pipeline yet)."""
    pipelines = pipeline_list(actor=actor)
    if pk is not None and pk != "":
        try:
            return pipelines.get(pk=pk)
        except (Pipeline.DoesNotExist, ValueError) as exc:
            raise Http404("No such pipeline.") from exc
    return pipelines.first()


def stages_of(pipeline: Pipeline) -> list[Stage]:
    """Ordered stages (uses the prefetch when there is one)."""
    return sorted(pipeline.stages.all(), key=lambda stage: stage.order)
