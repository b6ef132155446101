"""Admin-defined pipelines: ordered stages with win probabilities, one won and one lost stage.

A stage that holds deals is never deleted (the deals point at it); archive the pipeline
instead. Exactly one active pipeline is the default, where new deals open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from twofold import policies
from twofold.core.audit import attribute
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import StageKind
from twofold.sales.models import Opportunity, Pipeline, Stage

DEFAULT_PIPELINE_NAME = "New business"
# Positions are rewritten in two passes; the first parks every stage above this offset so the
# (pipeline, order) unique constraint never sees two stages at one position mid-update.
_PARKING_OFFSET = 10_000


@dataclass(frozen=True)
class StageSpec:
    """One stage as the admin wants it; ``id`` names an existing stage to keep."""

    name: str
    probability: int
    kind: str = StageKind.OPEN
    id: int | None = None


STANDARD_STAGES = (
    StageSpec("Discovery", 10),
    StageSpec("Proposal", 30),
    StageSpec("Negotiation", 60),
    StageSpec("Won", 100, StageKind.WON),
    StageSpec("Lost", 0, StageKind.LOST),
)


def _authorize(actor: User | None) -> None:
    if actor is not None:
        policies.require(actor, Perm.SALES_CONFIGURE)


def _check_stages(stages: Sequence[StageSpec]) -> None:
    """Every problem with the stage list, reported against ``stages``."""
    problems: list[str] = []
    names = [(spec.name or "").strip() for spec in stages]
    if any(not name for name in names):
        problems.append("Every stage needs a name.")
    lowered = [name.lower() for name in names if name]
    if len(lowered) != len(set(lowered)):
        problems.append("Two stages cannot share a name.")
    for spec in stages:
        if spec.kind not in StageKind.values:
            problems.append(f"{spec.name}: the kind is open, won or lost.")
        if not 0 <= spec.probability <= 100:
            problems.append(f"{spec.name}: the win probability is between 0 and 100.")
    kinds = [spec.kind for spec in stages]
    if StageKind.OPEN not in kinds:
        problems.append("A pipeline needs at least one open stage.")
    if kinds.count(StageKind.WON) != 1:
        problems.append("A pipeline has exactly one won stage.")
    if kinds.count(StageKind.LOST) != 1:
        problems.append("A pipeline has exactly one lost stage.")
    if problems:
        raise ValidationError({"stages": problems})


def _check_name(name: str, pipeline: Pipeline | None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the pipeline a name."})
    taken = Pipeline.objects.filter(name__iexact=name)
    if pipeline is not None:
        taken = taken.exclude(pk=pipeline.pk)
    if taken.exists():
        raise ValidationError({"name": "Another pipeline already has this name."})
    return name


def _make_default(pipeline: Pipeline, actor: User | None) -> None:
    for other in Pipeline.objects.filter(is_default=True).exclude(pk=pipeline.pk):
        other.is_default = False
        attribute(other, actor, f"{pipeline} became the default pipeline")
        other.save(update_fields=["is_default"])


def _write_stages(pipeline: Pipeline, stages: Sequence[StageSpec], actor: User | None) -> None:
    existing = {stage.pk: stage for stage in pipeline.stages.all()}
    unknown = {spec.id for spec in stages if spec.id is not None} - set(existing)
    if unknown:
        raise ValidationError({"stages": "A stage of another pipeline cannot be reused here."})
    kept = {spec.id for spec in stages if spec.id is not None}
    removed = [stage for pk, stage in existing.items() if pk not in kept]
    in_use = set(
        Opportunity.objects.filter(stage__in=[s.pk for s in existing.values()])
        .values_list("stage_id", flat=True)
        .distinct()
    )
    blocked = sorted(stage.name for stage in removed if stage.pk in in_use)
    if blocked:
        raise ValidationError(
            {
                "stages": f"{', '.join(blocked)} still hold{'s' if len(blocked) == 1 else ''} "
                "deals and cannot be removed; archive the pipeline instead."
            }
        )
    changed_kind = sorted(
        existing[spec.id].name
        for spec in stages
        if spec.id is not None and spec.id in in_use and existing[spec.id].kind != spec.kind
    )
    if changed_kind:
        raise ValidationError(
            {"stages": f"{', '.join(changed_kind)} hold deals; their kind cannot change."}
        )
    for stage in removed:
        attribute(stage, actor, "Removed from the pipeline")
        stage.delete()
    for stage in existing.values():
        if stage.pk in kept:
            stage.order += _PARKING_OFFSET
            stage.save(update_fields=["order"])
    for position, spec in enumerate(stages, start=1):
        stage = existing[spec.id] if spec.id is not None else Stage(pipeline=pipeline)
        stage.name = spec.name.strip()
        stage.order = position
        stage.probability = spec.probability
        stage.kind = spec.kind
        stage.full_clean(validate_constraints=False)
        attribute(stage, actor, "Pipeline edited" if spec.id is not None else "Added")
        stage.save()


@transaction.atomic
def pipeline_create(
    *,
    actor: User | None,
    name: str,
    stages: Sequence[StageSpec],
    is_default: bool = False,
) -> Pipeline:
    """Create a pipeline with its stages in the given order. The first pipeline is the default."""
    _authorize(actor)
    name = _check_name(name, None)
    _check_stages(stages)
    first = not Pipeline.objects.filter(is_active=True).exists()
    pipeline = Pipeline(name=name, is_default=is_default or first, is_active=True)
    attribute(pipeline, actor, "Created")
    pipeline.save()
    if pipeline.is_default:
        _make_default(pipeline, actor)
    _write_stages(pipeline, stages, actor)
    return pipeline


@transaction.atomic
def pipeline_update(
    *,
    actor: User | None,
    pipeline: Pipeline,
    name: str,
    is_default: bool,
    is_active: bool,
    stages: Sequence[StageSpec] | None = None,
) -> Pipeline:
    """Rename, reorder, add or remove stages, make default, archive or restore a pipeline.

    Stages not listed are removed, unless they hold deals (refused: archive the pipeline).
    """
    _authorize(actor)
    pipeline = Pipeline.objects.select_for_update().get(pk=pipeline.pk)
    pipeline.name = _check_name(name, pipeline)
    if stages is not None:
        _check_stages(stages)
    if not is_active and is_default:
        raise ValidationError({"is_active": "The default pipeline cannot be archived."})
    if pipeline.is_default and not is_default:
        raise ValidationError(
            {"is_default": "Make another pipeline the default instead; one is always the default."}
        )
    pipeline.is_default = is_default
    pipeline.is_active = is_active
    attribute(pipeline, actor, "Edited")
    pipeline.save()
    if is_default:
        _make_default(pipeline, actor)
    if stages is not None:
        _write_stages(pipeline, stages, actor)
    return pipeline


@transaction.atomic
def pipeline_create_default(*, actor: User | None = None) -> Pipeline:
    """The standard "New business" pipeline; calling it again returns the one that exists."""
    existing = Pipeline.objects.filter(name=DEFAULT_PIPELINE_NAME).first()
    if existing is not None:
        return existing
    return pipeline_create(
        actor=actor,
        name=DEFAULT_PIPELINE_NAME,
        stages=STANDARD_STAGES,
        is_default=not Pipeline.objects.filter(is_default=True, is_active=True).exists(),
    )
