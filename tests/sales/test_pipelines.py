"""Pipelines: ordered stages with win probabilities, one won and one lost stage, one default."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import user_with
from tests.sales.factories import open_deal, standard_pipeline
from twofold.people.choices import Role
from twofold.sales.choices import StageKind
from twofold.sales.models import Pipeline
from twofold.sales.services.pipelines import (
    STANDARD_STAGES,
    StageSpec,
    pipeline_create,
    pipeline_create_default,
    pipeline_update,
)

pytestmark = pytest.mark.django_db


def _specs(pipeline):
    return [
        StageSpec(s.name, s.probability, s.kind, id=s.pk) for s in pipeline.stages.order_by("order")
    ]


def test_the_default_pipeline_has_the_standard_stages_in_order():
    pipeline = pipeline_create_default()

    stages = [(s.name, s.order, s.probability, s.kind) for s in pipeline.stages.order_by("order")]

    assert pipeline.name == "New business"
    assert pipeline.is_default
    assert stages == [
        ("Discovery", 1, 10, "open"),
        ("Proposal", 2, 30, "open"),
        ("Negotiation", 3, 60, "open"),
        ("Won", 4, 100, "won"),
        ("Lost", 5, 0, "lost"),
    ]


def test_creating_the_default_pipeline_twice_makes_one():
    first = pipeline_create_default()

    second = pipeline_create_default()

    assert second.pk == first.pk
    assert Pipeline.objects.count() == 1


def test_only_admins_configure_pipelines(admin_user):
    with pytest.raises(PermissionDenied):
        pipeline_create_default(actor=user_with(Role.SALES_LEAD))

    assert pipeline_create_default(actor=admin_user).pk


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ([StageSpec("Open", 10), StageSpec("Lost", 0, StageKind.LOST)], "exactly one won stage"),
        (
            [
                StageSpec("Open", 10),
                StageSpec("Won", 100, StageKind.WON),
                StageSpec("Won again", 100, StageKind.WON),
                StageSpec("Lost", 0, StageKind.LOST),
            ],
            "exactly one won stage",
        ),
        ([StageSpec("Won", 100, StageKind.WON), StageSpec("Lost", 0, StageKind.LOST)], "open"),
        ([*STANDARD_STAGES[:3], StageSpec("Won", 101, StageKind.WON), STANDARD_STAGES[4]], "100"),
        ([StageSpec("Proposal", 10), *STANDARD_STAGES], "share a name"),
        ([StageSpec("  ", 10), *STANDARD_STAGES[1:]], "needs a name"),
    ],
)
def test_a_pipeline_with_wrong_stages_is_refused_naming_the_stages(stages, message):
    with pytest.raises(ValidationError) as exc:
        pipeline_create(actor=None, name="Partners", stages=stages)

    assert message in " ".join(exc.value.message_dict["stages"])
    assert not Pipeline.objects.filter(name="Partners").exists()


def test_a_second_pipeline_made_default_takes_over_the_default():
    first = pipeline_create_default()

    second = pipeline_create(actor=None, name="Partners", stages=STANDARD_STAGES, is_default=True)

    first.refresh_from_db()
    assert second.is_default
    assert not first.is_default


def test_the_default_pipeline_cannot_be_archived():
    pipeline = pipeline_create_default()

    with pytest.raises(ValidationError) as exc:
        pipeline_update(
            actor=None, pipeline=pipeline, name=pipeline.name, is_default=True, is_active=False
        )

    assert "is_active" in exc.value.message_dict


def test_stages_are_reordered_renamed_and_added():
    pipeline = standard_pipeline()
    discovery, proposal, negotiation, won, lost = _specs(pipeline)

    pipeline_update(
        actor=None,
        pipeline=pipeline,
        name="New business",
        is_default=True,
        is_active=True,
        stages=[
            StageSpec("Qualification", 5),
            proposal,
            StageSpec("First call", 15, id=discovery.id),
            negotiation,
            won,
            lost,
        ],
    )

    names = list(pipeline.stages.order_by("order").values_list("name", "probability"))
    assert names == [
        ("Qualification", 5),
        ("Proposal", 30),
        ("First call", 15),
        ("Negotiation", 60),
        ("Won", 100),
        ("Lost", 0),
    ]


def test_an_empty_stage_can_be_removed():
    pipeline = standard_pipeline()
    discovery, _proposal, negotiation, won, lost = _specs(pipeline)

    pipeline_update(
        actor=None,
        pipeline=pipeline,
        name=pipeline.name,
        is_default=True,
        is_active=True,
        stages=[discovery, negotiation, won, lost],
    )

    assert list(pipeline.stages.values_list("name", flat=True).order_by("order")) == [
        "Discovery",
        "Negotiation",
        "Won",
        "Lost",
    ]


def test_a_stage_that_holds_deals_cannot_be_removed():
    pipeline = standard_pipeline()
    open_deal(stage="Proposal", pipeline=pipeline)
    discovery, _proposal, negotiation, won, lost = _specs(pipeline)

    with pytest.raises(ValidationError) as exc:
        pipeline_update(
            actor=None,
            pipeline=pipeline,
            name=pipeline.name,
            is_default=True,
            is_active=True,
            stages=[discovery, negotiation, won, lost],
        )

    assert exc.value.message_dict["stages"] == [
        "Proposal still holds deals and cannot be removed; archive the pipeline instead."
    ]
    assert pipeline.stages.filter(name="Proposal").exists()


def test_a_pipeline_with_deals_can_be_archived_once_another_is_default():
    pipeline = standard_pipeline()
    open_deal(pipeline=pipeline)
    other = pipeline_create(actor=None, name="Partners", stages=STANDARD_STAGES, is_default=True)

    pipeline_update(
        actor=None, pipeline=pipeline, name=pipeline.name, is_default=False, is_active=False
    )

    pipeline.refresh_from_db()
    assert not pipeline.is_active
    assert Pipeline.objects.get(is_default=True) == other
