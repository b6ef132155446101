"""Deal pages: the board, the list, a deal, its moves, owner, strategy and activities, and
the pipeline settings. Each view parses input, calls one service and renders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.activities import services as activity_services
from twofold.core.actors import actor_of
from twofold.core.money import format_money
from twofold.core.params import whole_number
from twofold.core.web.forms import apply_service_errors
from twofold.core.web.responses import done as _done
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.choices import OpportunityKind, OpportunityStatus, StageKind
from twofold.sales.models import Opportunity, Pipeline, SalesPolicy, Stage
from twofold.sales.selectors import commercial
from twofold.sales.selectors import deals as selectors
from twofold.sales.selectors import leads as lead_selectors
from twofold.sales.selectors import pipelines as pipeline_selectors
from twofold.sales.services import deals as services
from twofold.sales.services import pipelines as pipeline_services
from twofold.sales.services.strategy import deal_strategy_set
from twofold.sales.web.deals_forms import (
    ActivityForm,
    MoveForm,
    OpportunityCreateForm,
    OpportunityEditForm,
    PipelineForm,
    ReassignForm,
    StageFormSet,
    StrategyForm,
)


def _int(value: str | None) -> int | None:
    return whole_number(value)


def _date(value: str | None) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _deal_url(deal: Opportunity) -> str:
    return reverse("sales:opportunity_detail", args=[deal.pk])


# --- Board ----------------------------------------------------------------------------------


def _board_filters(request: HttpRequest, actor: User) -> dict[str, Any]:
    params = request.POST if request.method == "POST" else request.GET
    mine = params.get("mine") == "1"
    owner_id = actor.pk if mine else _int(params.get("owner"))
    return {"mine": mine, "owner": owner_id, "pipeline": params.get("pipeline", "")}


@dataclass(frozen=True)
class BoardCard:
    """A card as the board shows it. Its links and texts are what ``{% url %}`` and the
    filters ``money``, ``timesince`` and ``date:"j M Y"`` made in the template,
    made here once per card instead: on ~75 cards those tags took about a third of the page.
    """

    deal: Opportunity
    url: str
    move_url: str
    amount: str
    in_stage: str
    in_stage_since: str


@dataclass(frozen=True)
class BoardColumnView:
    stage: Stage
    count: int
    totals: list[selectors.MoneyTotal]
    hidden: int
    cards: list[BoardCard]
    move_options: SafeString  # the "Move to" choices, the same on every card of the column


# No deal has this pk; it marks where each card's own goes in its URLs.
_PK_MARKER = 2_147_483_647


def _deal_urls(name: str) -> Callable[[int], str]:
    """The URL ``name`` for any deal, reversed once: reverse() costs tens of microseconds
    and the board links every card twice."""
    head, _, tail = reverse(name, args=[_PK_MARKER]).rpartition(str(_PK_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


def _board_columns(board: selectors.Board) -> list[BoardColumnView]:
    """The board's columns ready to render (the page, and the columns a move re-renders)."""
    detail_url = _deal_urls("sales:opportunity_detail")
    move_url = _deal_urls("sales:opportunity_move")
    since = _since_texts()
    columns = []
    for column in board.columns:
        move_options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (stage.pk, " selected" if stage.pk == column.stage.pk else "", stage.name)
                for stage in board.open_stages
            ),
        )
        cards = [
            BoardCard(
                deal=deal,
                url=detail_url(deal.pk),
                move_url=move_url(deal.pk),
                amount=format_money(deal.amount, deal.currency),
                in_stage=timesince(deal.stage_entered_at),
                in_stage_since=since(deal.stage_entered_at),
            )
            for deal in column.cards
        ]
        columns.append(
            BoardColumnView(
                stage=column.stage,
                count=column.count,
                totals=column.totals,
                hidden=column.hidden,
                cards=cards,
                move_options=move_options,
            )
        )
    return columns


def _since_texts() -> Callable[[datetime], str]:
    """Formats a moment as ``date:"j M Y"`` does. Translating the month costs more than the
    rest, so each month and year is formatted once per board."""
    month_years: dict[tuple[int, int], str] = {}

    def since(moment: datetime) -> str:
        local = timezone.localtime(moment)
        key = (local.year, local.month)
        if key not in month_years:
            month_years[key] = formats.date_format(local, "M Y")
        return f"{local.day} {month_years[key]}"

    return since


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.OPPORTUNITY_LIST)
    filters = _board_filters(request, actor)
    pipeline = pipeline_selectors.pipeline_for_board(actor=actor, pk=filters["pipeline"])
    context: dict[str, Any] = {"filters": filters, "pipeline": pipeline}
    if pipeline is not None:
        shown = selectors.board_for(actor=actor, pipeline=pipeline, owner_id=filters["owner"])
        context |= {"board": shown, "columns": _board_columns(shown)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "sales/partials/board_columns.html", context)
    context["pipelines"] = pipeline_selectors.pipeline_list(actor=actor).prefetch_related(None)
    context["owners"] = selectors.owner_choices(actor=actor)
    context["can_create"] = policies.can(actor, Perm.OPPORTUNITY_CREATE)
    return render(request, "sales/board.html", context)


@login_required
@require_POST
def opportunity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a deal. From the board (htmx) the answer re-renders the two columns it touched;
    elsewhere it goes back to the deal."""
    actor = actor_of(request)
    deal = selectors.opportunity_get_for_actor(actor=actor, pk=pk)
    form = MoveForm(request.POST)
    from_stage = deal.stage
    error = ""
    moved = deal
    try:
        if not form.is_valid():
            raise ValidationError({"stage": "Choose a stage."})
        stage = selectors.stage_get_for_pipeline(
            pipeline_id=deal.pipeline_id, pk=form.cleaned_data["stage"]
        )
        moved = services.opportunity_move(actor=actor, opportunity=deal, stage=stage)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.POST.get("from") == "board" and request.htmx:  # type: ignore[attr-defined]
        filters = _board_filters(request, actor)
        board = selectors.board_for(
            actor=actor,
            pipeline=deal.pipeline,
            owner_id=filters["owner"],
            stage_ids={from_stage.pk, moved.stage_id},
        )
        status = error or f"{deal.name} moved to {moved.stage}."
        return render(
            request,
            "sales/partials/board_moved.html",
            {
                "board": board,
                "columns": _board_columns(board),
                "filters": filters,
                "status": status,
                "error": bool(error),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{deal.name} moved to {moved.stage}.")
    if request.POST.get("from") == "board":
        filters = _board_filters(request, actor)
        query = urlencode(
            {
                "pipeline": deal.pipeline_id,
                "owner": filters["owner"] or "",
                "mine": "1" if filters["mine"] else "",
            }
        )
        return _done(request, f"{reverse('sales:board')}?{query}")
    return _done(request, _deal_url(deal))


# --- List -----------------------------------------------------------------------------------


def _list_filters(request: HttpRequest) -> selectors.DealFilters:
    params = request.GET
    q = params.get("q", "").strip()
    # The list opens on open deals; a search looks through won and lost deals too, unless
    # a status was chosen.
    status = params.get("status") or ("all" if q else "open")
    return selectors.DealFilters(
        status=status,
        pipeline_id=_int(params.get("pipeline")),
        stage_id=_int(params.get("stage")),
        owner_id=_int(params.get("owner")),
        kind=params.get("kind", ""),
        close_after=_date(params.get("close_after")),
        close_before=_date(params.get("close_before")),
        q=q,
        sort=params.get("sort", ""),
        team_id=_int(params.get("team")),
        stalled_after_days=(
            SalesPolicy.current().stalled_after_days if params.get("stalled") == "1" else None
        ),
    )


@login_required
@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.OPPORTUNITY_LIST)
    filters = _list_filters(request)
    page = selectors.opportunity_page(
        actor=actor, filters=filters, after=request.GET.get("after", "")
    )
    context = {
        "page": page,
        "filters": filters,
        "params": request.GET,
        "sort_columns": selectors.DEAL_SORTING.columns,
    }
    if request.htmx and request.GET.get("partial") != "0":  # type: ignore[attr-defined]
        return render(request, "sales/partials/opportunity_rows.html", context)
    context |= {
        "pipelines": pipeline_selectors.pipeline_list(actor=actor),
        "owners": selectors.owner_choices(actor=actor),
        "statuses": OpportunityStatus.choices,
        "kinds": OpportunityKind.choices,
        "can_create": policies.can(actor, Perm.OPPORTUNITY_CREATE),
        "team": (
            policies.teams_visible_to(actor).filter(pk=filters.team_id).only("name").first()
            if filters.team_id
            else None
        ),
    }
    return render(request, "sales/opportunity_list.html", context)


# --- One deal -------------------------------------------------------------------------------


def _kinds_for(actor: User) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in OpportunityKind.choices
        if policies.can(actor, Perm.OPPORTUNITY_CREATE, value)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.OPPORTUNITY_CREATE)
    chooses_owner = policies.can(actor, Perm.OPPORTUNITY_REASSIGN)
    form = OpportunityCreateForm(
        request.POST or None,
        owners=selectors.reassign_candidates(actor=actor) if chooses_owner else None,
        pipelines=Pipeline.objects.filter(is_active=True).order_by("-is_default", "name"),
        kinds=_kinds_for(actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            deal = services.opportunity_create(
                actor=actor,
                name=data["name"],
                owner=data.get("owner") or actor,
                kind=data["kind"],
                pipeline=data["pipeline"],
                company=selectors.company_by_name(name=data["company"]),
                amount=data["amount"],
                currency=data["currency"],
                expected_close_date=data["expected_close_date"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{deal} was opened in {deal.stage}.")
            return _done(request, _deal_url(deal))
    return render(request, "sales/opportunity_form.html", {"form": form, "creating": True})


@login_required
@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    deal = selectors.opportunity_get_for_actor(actor=actor, pk=pk)
    return render(request, "sales/opportunity_detail.html", _detail_context(actor, deal))


def _detail_context(
    actor: User, deal: Opportunity, activity_form: ActivityForm | None = None
) -> dict[str, Any]:
    can_edit = policies.can(actor, Perm.OPPORTUNITY_EDIT, deal)
    stages = list(deal.pipeline.stages.order_by("order"))
    return {
        "deal": deal,
        "stages": stages,
        "open_stages": [s for s in stages if s.kind == StageKind.OPEN],
        "current_order": deal.stage.order,
        "can_edit": can_edit,
        "can_reassign": deal.is_open and policies.can(actor, Perm.OPPORTUNITY_REASSIGN, deal),
        "can_write_strategy": policies.can(actor, Perm.STRATEGY_EDIT, deal),
        "strategy": selectors.strategy_of(opportunity=deal),
        "qualification": lead_selectors.qualification_of(opportunity_id=deal.pk),
        "timeline": selectors.deal_timeline(opportunity=deal),
        "stints": selectors.stage_times(opportunity=deal),
        "entries": selectors.deal_history(opportunity=deal),
        "commercials": commercial.deal_commercials(actor=actor, opportunity=deal),
        "activity_form": activity_form or ActivityForm(),
        "move_form": MoveForm(),
        "today": timezone.localdate(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    deal = selectors.opportunity_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.OPPORTUNITY_EDIT, deal)
    amount_locked = deal.items.exists()
    initial = {
        "name": deal.name,
        "expected_close_date": deal.expected_close_date,
        "next_step": deal.next_step,
        "next_step_due": deal.next_step_due,
        "contact": deal.contact,
        "currency": deal.currency,
        "amount": deal.amount,
        "buying_centre": deal.buying_centre,
    }
    form = OpportunityEditForm(
        request.POST or None,
        initial=initial,
        contacts=selectors.contact_choices(opportunity=deal),
        amount_locked=amount_locked,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opportunity_update(
                actor=actor,
                opportunity=deal,
                name=data["name"],
                expected_close_date=data["expected_close_date"],
                next_step=data["next_step"],
                next_step_due=data["next_step_due"],
                contact=data["contact"],
                currency=data["currency"],
                amount=deal.amount if amount_locked else data["amount"],
                buying_centre=data["buying_centre"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{deal} was saved.")
            return _done(request, _deal_url(deal))
    return render(request, "sales/opportunity_form.html", {"form": form, "deal": deal})


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    deal = selectors.opportunity_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.OPPORTUNITY_REASSIGN, deal)
    form = ReassignForm(
        request.POST or None,
        owners=selectors.reassign_candidates(actor=actor),
        initial={"owner": deal.owner},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_reassign(
                actor=actor,
                opportunity=deal,
                owner=form.cleaned_data["owner"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{deal} now belongs to {form.cleaned_data['owner']}.")
            return _done(request, _deal_url(deal))
    return render(request, "sales/opportunity_reassign.html", {"form": form, "deal": deal})


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_strategy(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    deal = selectors.opportunity_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.STRATEGY_EDIT, deal)
    strategy = selectors.strategy_of(opportunity=deal)
    initial = {}
    if strategy is not None:
        initial = {
            "approach": strategy.approach,
            "key_messages": strategy.key_messages,
            "risks": strategy.risks,
            "next_steps": strategy.next_steps,
        }
    form = StrategyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            deal_strategy_set(actor=actor, opportunity=deal, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "The strategy was saved.")
            return _done(request, _deal_url(deal))
    return render(request, "sales/opportunity_strategy.html", {"form": form, "deal": deal})


@login_required
@require_POST
def opportunity_log_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a call, meeting, e-mail, note or task. With htmx the answer is the refreshed
    activity panel (a fresh form and the timeline), so the next one is a few keys away."""
    actor = actor_of(request)
    deal = selectors.opportunity_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.OPPORTUNITY_EDIT, deal)
    form = ActivityForm(request.POST)
    logged = False
    if form.is_valid():
        try:
            activity_services.activity_log(actor=actor, opportunity=deal, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            logged = True
    if request.htmx:  # type: ignore[attr-defined]
        context = _detail_context(actor, deal, None if logged else form)
        context["logged"] = logged
        return render(request, "sales/partials/opportunity_activity_panel.html", context)
    if logged:
        messages.success(request, "Logged.")
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(_deal_url(deal))


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    task = selectors.activity_get_for_actor(actor=actor, pk=pk)
    try:
        activity_services.task_complete(actor=actor, task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Done: {task.subject}.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    if not target:
        if task.opportunity_id:
            target = reverse("sales:opportunity_detail", args=[task.opportunity_id])
        elif task.meeting_id:
            target = reverse("sales:meeting_detail", args=[task.meeting_id])
        elif task.account_id:
            target = reverse("accounts:detail", args=[task.account_id])
        else:
            target = reverse("home")
    return _done(request, target)


# --- Pipelines (admins) -----------------------------------------------------------------------


@login_required
@require_GET
def pipeline_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_CONFIGURE)
    pipelines = pipeline_selectors.pipeline_list(actor=actor, include_archived=True)
    return render(request, "sales/pipeline_list.html", {"pipelines": pipelines})


def _stage_specs(formset: Any) -> list[pipeline_services.StageSpec]:
    specs = []
    for row in formset.cleaned_data:
        if not row or row.get("remove") or not (row.get("name") or "").strip():
            continue
        specs.append(
            pipeline_services.StageSpec(
                name=row["name"],
                probability=row["probability"] if row["probability"] is not None else 0,
                kind=row["kind"],
                id=row.get("id"),
            )
        )
    return specs


def _pipeline_form(request: HttpRequest, actor: User, pipeline: Pipeline | None) -> HttpResponse:
    initial: dict[str, Any] = {"is_active": True}
    stage_rows: list[dict[str, Any]] = []
    if pipeline is not None:
        initial = {
            "name": pipeline.name,
            "is_default": pipeline.is_default,
            "is_active": pipeline.is_active,
        }
        stage_rows = [
            {"id": s.pk, "name": s.name, "probability": s.probability, "kind": s.kind}
            for s in pipeline_selectors.stages_of(pipeline)
        ]
    else:
        stage_rows = [
            {"name": s.name, "probability": s.probability, "kind": s.kind}
            for s in pipeline_services.STANDARD_STAGES
        ]
    form = PipelineForm(request.POST or None, initial=initial)
    stages = StageFormSet(request.POST or None, initial=stage_rows, prefix="stages")
    if request.method == "POST" and form.is_valid() and stages.is_valid():
        data = form.cleaned_data
        try:
            if pipeline is None:
                pipeline = pipeline_services.pipeline_create(
                    actor=actor,
                    name=data["name"],
                    stages=_stage_specs(stages),
                    is_default=data["is_default"],
                )
            else:
                pipeline_services.pipeline_update(
                    actor=actor,
                    pipeline=pipeline,
                    name=data["name"],
                    is_default=data["is_default"],
                    is_active=data["is_active"],
                    stages=_stage_specs(stages),
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{pipeline} was saved.")
            return _done(request, reverse("sales:pipeline_list"))
    return render(
        request,
        "sales/pipeline_form.html",
        {"form": form, "stages": stages, "pipeline": pipeline, "creating": pipeline is None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_CONFIGURE)
    return _pipeline_form(request, actor, None)


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_CONFIGURE)
    pipeline = pipeline_selectors.pipeline_get_for_actor(actor=actor, pk=pk)
    return _pipeline_form(request, actor, pipeline)
