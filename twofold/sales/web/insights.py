"""The sales reports page (with charts drawn as inline SVG and a CSV per report) and the
sales meetings pages. Each view parses input, calls one selector or service, renders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.core.actors import actor_of
from twofold.core.exports import csv_download
from twofold.core.money import format_money
from twofold.core.params import whole_number
from twofold.core.web.forms import apply_service_errors
from twofold.core.web.responses import done as _done
from twofold.people.models import User
from twofold.policies import Perm
from twofold.sales.models import SalesMeeting
from twofold.sales.reports_csv import report_csv as csv_text
from twofold.sales.selectors import complaints as complaint_selectors
from twofold.sales.selectors import meetings as meeting_selectors
from twofold.sales.selectors import reports as selectors
from twofold.sales.services import meetings as services
from twofold.sales.web.insights_forms import (
    DecisionForm,
    MeetingForm,
    NotesForm,
    ReportFilterForm,
)

PAGE_SIZE = 25

# --- Charts: horizontal bars as inline SVG (no script, no CDN) --------------------------------

CHART_WIDTH = 640
LABEL_WIDTH = 190
BAR_AREA = 330
ROW_HEIGHT = 26
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: int
    overlay_width: int | None  # e.g. the weighted part of a stage's amount

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    """Geometry for ``partials/chart_bars.html``; the same numbers are in a table beside."""

    chart_id: str
    title: str
    bars: tuple[Bar, ...]
    overlay_label: str = ""

    width: int = CHART_WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT + 6


def _scaled(value: Decimal | int, top: Decimal | int) -> int:
    if not top or not value:
        return 0
    return max(1, int(Decimal(value) * BAR_AREA / Decimal(top)))


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Decimal | int, str]],
    overlays: Sequence[Decimal | int] | None = None,
    overlay_label: str = "",
) -> BarChart:
    """Bars of ``rows`` (label, value, value as text), scaled to the largest value."""
    top = max((value for _, value, _ in rows), default=0)
    bars = tuple(
        Bar(
            label=label if len(label) <= 28 else label[:27] + "…",
            value_text=text,
            y=index * ROW_HEIGHT + 4,
            width=_scaled(value, top),
            overlay_width=_scaled(overlays[index], top) if overlays is not None else None,
        )
        for index, (label, value, text) in enumerate(rows)
    )
    return BarChart(chart_id, title, bars, overlay_label)


@dataclass(frozen=True)
class Charted:
    """A report table and its chart."""

    table: Any
    chart: BarChart


def _revenue(name: str, title: str, tables: Sequence[Any]) -> list[Charted]:
    return [
        Charted(
            table,
            bar_chart(
                f"chart-{name}-{table.currency.lower()}",
                f"{title} ({table.currency})",
                [
                    (row.label, row.amount, format_money(row.amount, table.currency))
                    for row in table.rows
                ],
            ),
        )
        for table in tables
    ]


def _report_context(report: selectors.SalesReport) -> dict[str, Any]:
    pipeline = [
        Charted(
            table,
            bar_chart(
                f"chart-pipeline-{table.currency.lower()}",
                f"Open pipeline by stage ({table.currency}): amount, weighted in the darker bar",
                [
                    (f"{row.stage} ({row.probability} %)", row.amount, f"{row.amount:,}")
                    for row in table.rows
                ],
                overlays=[row.weighted for row in table.rows],
                overlay_label="weighted",
            ),
        )
        for table in report.pipeline
    ]
    return {
        "report": report,
        "by_seller": _revenue("seller", "Revenue by seller", report.revenue_by_seller),
        "by_team": _revenue("team", "Revenue by team", report.revenue_by_team),
        "by_month": _revenue("month", "Revenue by month", report.revenue_by_month),
        "by_source": _revenue("source", "Revenue by lead source", report.revenue_by_source),
        "pipeline": pipeline,
        "funnel_chart": bar_chart(
            "chart-funnel",
            "Leads captured by source",
            [(row.label, row.captured, str(row.captured)) for row in report.funnel],
            overlays=[row.won for row in report.funnel],
            overlay_label="won",
        ),
        "stage_chart": bar_chart(
            "chart-stage-times",
            "Average days in stage",
            [(row.stage, row.average_days, f"{row.average_days} d") for row in report.stage_times],
        ),
    }


def _filters(request: HttpRequest) -> selectors.ReportFilters:
    return selectors.parse_filters(
        date_from=request.GET.get("from"),
        date_to=request.GET.get("to"),
        team=request.GET.get("team"),
    )


# --- Reports ----------------------------------------------------------------------------------


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_REPORTS)
    teams = selectors.report_teams(actor=actor)
    form = ReportFilterForm(request.GET or None, teams=teams)
    try:
        filters = _filters(request)
        report = selectors.sales_report(actor=actor, filters=filters)
    except ValidationError as exc:
        form.is_valid()
        apply_service_errors(form, exc)
        filters = selectors.ReportFilters.this_year()
        report = selectors.sales_report(actor=actor, filters=filters)
    if not request.GET:
        form = ReportFilterForm(
            initial={"from": filters.date_from, "to": filters.date_to}, teams=teams
        )
    context = _report_context(report) | {
        "form": form,
        "query": request.GET.urlencode(),
        "csv_names": list(selectors.REPORTS),
        "complaint_times": complaint_selectors.resolution_times(actor=actor),
        "complaint_ages": complaint_selectors.open_complaints_by_age(actor=actor),
    }
    return render(request, "sales/reports.html", context)


@login_required
@require_GET
def report_csv(request: HttpRequest, name: str) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_REPORTS)
    if name not in selectors.REPORTS:
        raise Http404("No such report.")
    try:
        filters = _filters(request)
        data = selectors.one_report(actor=actor, filters=filters, name=name)
    except ValidationError as exc:
        return HttpResponse(
            " ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    filename = f"sales-{name}-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.csv"
    return csv_download(filename, csv_text(name, data))


# --- Meetings ---------------------------------------------------------------------------------


def _meeting_url(meeting: SalesMeeting) -> str:
    return reverse("sales:meeting_detail", args=[meeting.pk])


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_MEETING_VIEW)
    teams = list(meeting_selectors.meeting_visible_teams(actor=actor))
    raw = request.GET.get("team", "")
    team_id = whole_number(raw)
    if team_id is not None and team_id not in {team.pk for team in teams}:
        raise Http404("No such team.")
    page = Paginator(
        meeting_selectors.meeting_list(actor=actor, team_id=team_id), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "sales/meeting_list.html",
        {
            "page_obj": page,
            "teams": teams,
            "team_id": team_id,
            "can_schedule": meeting_selectors.meeting_teams(actor=actor).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_MEETINGS)
    teams = meeting_selectors.meeting_teams(actor=actor).filter(is_active=True)
    initial = {"team": request.GET.get("team")} if request.GET.get("team") else {}
    posted = request.POST.get("team", "")
    if posted and not teams.filter(pk=whole_number(posted) or 0).exists():
        raise Http404("No such team.")  # a team the actor does not lead is "not found"
    form = MeetingForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.sales_meeting_schedule(
                actor=actor,
                team=form.cleaned_data["team"],
                scheduled_for=form.cleaned_data["scheduled_for"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"The meeting of {meeting.team} is scheduled.")
            return _done(request, _meeting_url(meeting))
    return render(request, "sales/meeting_form.html", {"form": form})


def _detail_context(
    actor: User,
    meeting: SalesMeeting,
    notes_form: NotesForm | None = None,
    decision_form: DecisionForm | None = None,
) -> dict[str, Any]:
    if not policies.can(actor, Perm.SALES_MEETINGS, meeting):
        # A member of the team reads the meeting; only its sales lead runs it.
        return {
            "meeting": meeting,
            "sections": meeting_selectors.agenda_of(meeting=meeting),
            "decisions": meeting_selectors.decisions_of(meeting=meeting),
            "can_run": False,
        }
    return {
        "can_run": True,
        "meeting": meeting,
        "sections": meeting_selectors.agenda_of(meeting=meeting),
        "decisions": meeting_selectors.decisions_of(meeting=meeting),
        "notes_form": notes_form or NotesForm(initial={"notes": meeting.notes}),
        "decision_form": decision_form or _decision_form(meeting),
    }


def _decision_form(meeting: SalesMeeting, data: Any = None) -> DecisionForm:
    return DecisionForm(
        data,
        deals=meeting_selectors.decision_deal_choices(meeting=meeting),
        owners=meeting_selectors.action_owner_choices(meeting=meeting),
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_MEETING_VIEW)
    meeting = meeting_selectors.meeting_get_for_actor(actor=actor, pk=pk)
    return render(request, "sales/meeting_detail.html", _detail_context(actor, meeting))


@login_required
@require_POST
def meeting_notes(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_MEETING_VIEW)
    meeting = meeting_selectors.meeting_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.SALES_MEETINGS, meeting)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.sales_meeting_update_notes(
                actor=actor, meeting=meeting, notes=form.cleaned_data["notes"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "The notes were saved.")
            return _done(request, _meeting_url(meeting))
    return render(
        request, "sales/meeting_detail.html", _detail_context(actor, meeting, notes_form=form)
    )


@login_required
@require_POST
def meeting_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision. With htmx the answer is the refreshed decisions panel."""
    actor = actor_of(request)
    policies.require(actor, Perm.SALES_MEETING_VIEW)
    meeting = meeting_selectors.meeting_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.SALES_MEETINGS, meeting)
    form = _decision_form(meeting, request.POST)
    recorded = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            deal = (
                meeting_selectors.decision_deal_get(meeting=meeting, pk=data["opportunity"])
                if data["opportunity"]
                else None
            )
            services.sales_meeting_record_decision(
                actor=actor,
                meeting=meeting,
                text=data["text"],
                opportunity=deal,
                action_subject=data["action_subject"],
                action_owner=data["action_owner"],
                action_due_on=data["action_due_on"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            recorded = True
    if request.htmx:  # type: ignore[attr-defined]
        context = _detail_context(actor, meeting, decision_form=None if recorded else form)
        context["recorded"] = recorded
        return render(request, "sales/partials/meeting_decisions.html", context)
    if recorded:
        messages.success(request, "The decision was recorded.")
        return redirect(_meeting_url(meeting))
    return render(
        request, "sales/meeting_detail.html", _detail_context(actor, meeting, decision_form=form)
    )
