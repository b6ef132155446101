"""Hand-over pages: the list, one package with its actions, the edit form, the report and the
admin's settings. Each view parses input, calls one service and renders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.accounts.models import AccountPolicy
from twofold.core.actors import actor_of
from twofold.core.params import Params
from twofold.core.web.forms import apply_service_errors
from twofold.core.web.responses import done
from twofold.handover import configuration, selectors, services
from twofold.handover.choices import CLOSED_STATUSES, HandoverStatus
from twofold.handover.models import HandoverPackage, RoutingRule
from twofold.handover.web.forms import (
    AccountPolicyForm,
    AnswerForm,
    PackageForm,
    RouteForm,
    RoutingRuleForm,
    SendBackForm,
)
from twofold.people.models import User
from twofold.policies import Perm

TAB_LABELS = {
    "all": "All",
    "to_me": "To me",
    "from_me": "From me",
    "team": "My team's",
    "overdue": "Overdue",
}


def _detail_url(package: HandoverPackage) -> str:
    return reverse("handover:detail", args=[package.pk])


@login_required
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.HANDOVER_LIST)
    tab = request.GET.get("tab", "all")
    tab = tab if tab in selectors.TABS else "all"
    status = request.GET.get("status", "")
    filters = selectors.HandoverFilters(tab=tab, status=status)
    rows = selectors.handover_list(actor=actor, filters=filters)
    paginator = Paginator(rows[: selectors.PAGE_SIZE * selectors.MAX_PAGES], selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "handover/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "tabs": TAB_LABELS,
            "statuses": HandoverStatus.choices,
            "now": timezone.now(),
        },
    )


def _detail_context(actor: User, package: HandoverPackage, **forms: Any) -> dict[str, Any]:
    editable = package.status in (HandoverStatus.DRAFT, HandoverStatus.SENT_BACK)
    may_edit = policies.can(actor, Perm.HANDOVER_EDIT, package)
    decides = (
        package.status == HandoverStatus.SUBMITTED
        and package.receiver_id == actor.pk
        and policies.can(actor, Perm.HANDOVER_DECIDE, package)
    )
    may_route = package.status not in CLOSED_STATUSES and policies.can(
        actor, Perm.HANDOVER_ROUTE, package
    )
    newer = package.superseded_by if package.status == HandoverStatus.SUPERSEDED else None
    context: dict[str, Any] = {
        "package": package,
        "rounds": list(package.rounds.all()),
        # Links only where the actor may follow them: an agent sees no account, an account
        # manager no new-business deal.
        "account_url": reverse("accounts:detail", args=[package.account_id])
        if policies.can(actor, Perm.ACCOUNT_VIEW, package.account)
        else None,
        "deal_url": reverse("sales:opportunity_detail", args=[package.opportunity_id])
        if policies.can(actor, Perm.OPPORTUNITY_VIEW, package.opportunity)
        else None,
        # A superseded package links to the one that closed it, where the actor may see it.
        "newer": newer,
        "newer_url": _detail_url(newer)
        if newer is not None and policies.can(actor, Perm.HANDOVER_VIEW, newer)
        else None,
        "may_edit": may_edit and editable,
        "may_submit": may_edit and package.status == HandoverStatus.DRAFT,
        "may_answer": may_edit and package.status == HandoverStatus.SENT_BACK,
        "may_decide": decides,
        "may_route": may_route,
        "sections": [
            ("Short-term goals", package.short_term_goals),
            ("Long-term goals", package.long_term_goals),
            ("Expectations", package.expectations),
            ("Success criteria", package.success_criteria),
            ("Budget", package.budget),
            ("Negotiated terms", package.negotiated_terms),
            ("Key stakeholders", package.stakeholders),
            ("Promises made", package.promises),
            ("Risks", package.risks),
            ("Open complaints", package.open_complaints),
        ],
        "send_back_form": forms.get("send_back_form") or SendBackForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "action_error": forms.get("action_error", ""),
    }
    if may_route:
        context["route_form"] = forms.get("route_form") or RouteForm(
            receivers=selectors.receiver_choices(), initial={"receiver": package.receiver_id}
        )
    return context


@login_required
@require_GET
def handover_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    package = selectors.handover_get_for_actor(actor=actor, pk=pk)
    return render(request, "handover/detail.html", _detail_context(actor, package))


@login_required
@require_http_methods(["GET", "POST"])
def handover_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    package = selectors.handover_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.HANDOVER_EDIT, package)
    form = PackageForm(request.POST or None, instance=package)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] or "" for name in form.Meta.fields}
        # The ModelForm wrote into ``package``; the service works on a fresh copy.
        fresh = selectors.handover_get_for_actor(actor=actor, pk=pk)
        try:
            services.handover_update(actor=actor, package=fresh, **fields)
            if request.POST.get("then") == "submit":
                services.handover_submit(actor=actor, package=fresh)
                messages.success(request, _submitted_message(fresh))
            else:
                messages.success(request, "Hand-over saved.")
            return done(request, _detail_url(package))
        except ValidationError as exc:
            _show_missing(form, exc)
    return render(request, "handover/edit.html", {"package": package, "form": form})


def _show_missing(form: PackageForm, exc: ValidationError) -> None:
    """Each missing field once, next to it: the service's one-sentence summary (the API's
    message) is left out when the fields it names are on the form."""
    if hasattr(exc, "error_dict") and any(name in form.fields for name in exc.error_dict):
        exc = ValidationError(
            {name: e for name, e in exc.error_dict.items() if name != NON_FIELD_ERRORS}
        )
    apply_service_errors(form, exc)


def _incomplete_form(
    actor: User, package: HandoverPackage, exc: ValidationError
) -> PackageForm | None:
    """The edit form showing what a refused submit is missing, when the seller can fill it in
    there; None for any other refusal."""
    fields = PackageForm.Meta.fields
    if not hasattr(exc, "error_dict") or not any(name in fields for name in exc.error_dict):
        return None
    if not policies.can(actor, Perm.HANDOVER_EDIT, package):
        return None
    form = PackageForm({name: getattr(package, name) for name in fields}, instance=package)
    form.is_valid()
    _show_missing(form, exc)
    return form


def _submitted_message(package: HandoverPackage) -> str:
    if package.status == HandoverStatus.ACCEPTED:
        return "Submitted and accepted: you manage this account yourself."
    return f"Submitted to {package.receiver}."


def _action(request: HttpRequest, pk: int, run: Any, success: Any, **form_key: Any) -> HttpResponse:
    """Run one service on the package; on refusal show the detail page with the error."""
    actor = actor_of(request)
    try:
        package = selectors.handover_get_for_actor(actor=actor, pk=pk)
    except Http404:
        moved = selectors.handover_routed_away_from(actor=actor, pk=pk)
        if moved is None:
            raise
        # The old receiver's page was still open when the account moved: say why, keep the
        # owner the reassignment chose.
        messages.error(
            request,
            f"The hand-over of {moved.account} now goes to {moved.receiver or 'someone else'}: "
            "the account was "
            "reassigned, so it is no longer yours to accept or send back.",
        )
        return done(request, reverse("handover:list"))
    try:
        run(actor, package)
    except ValidationError as exc:
        forms = {}
        for key, form in form_key.items():
            apply_service_errors(form, exc)
            forms[key] = form
        error = "" if forms else " ".join(exc.messages)
        context = _detail_context(actor, package, action_error=error, **forms)
        return render(request, "handover/detail.html", context, status=400)
    messages.success(request, success(package))
    return done(request, _detail_url(package))


@login_required
@require_POST
def handover_submit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    package = selectors.handover_get_for_actor(actor=actor, pk=pk)
    try:
        services.handover_submit(actor=actor, package=package)
    except ValidationError as exc:
        form = _incomplete_form(actor, package, exc)
        if form is not None:
            # Submitting an incomplete package is a form to finish, not an error page.
            return render(request, "handover/edit.html", {"package": package, "form": form})
        context = _detail_context(actor, package, action_error=" ".join(exc.messages))
        return render(request, "handover/detail.html", context, status=400)
    messages.success(request, _submitted_message(package))
    return done(request, _detail_url(package))


@login_required
@require_POST
def handover_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda actor, p: services.handover_accept(actor=actor, package=p),
        lambda p: f"Accepted: you now manage {p.account}.",
    )


@login_required
@require_POST
def handover_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    form = SendBackForm(request.POST)
    form.is_valid()
    return _action(
        request,
        pk,
        lambda actor, p: services.handover_send_back(
            actor=actor, package=p, questions=form.cleaned_data.get("questions", "")
        ),
        lambda p: f"Sent back to {p.seller} with your questions.",
        send_back_form=form,
    )


@login_required
@require_POST
def handover_answer(request: HttpRequest, pk: int) -> HttpResponse:
    form = AnswerForm(request.POST)
    form.is_valid()
    return _action(
        request,
        pk,
        lambda actor, p: services.handover_answer(
            actor=actor, package=p, answer=form.cleaned_data.get("answer", "")
        ),
        _submitted_message,
        answer_form=form,
    )


@login_required
@require_POST
def handover_route(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    package = selectors.handover_get_for_actor(actor=actor, pk=pk)
    policies.require(actor, Perm.HANDOVER_ROUTE, package)
    form = RouteForm(request.POST, receivers=selectors.receiver_choices())
    if form.is_valid():
        try:
            services.handover_route(
                actor=actor, package=package, receiver=form.cleaned_data["receiver"]
            )
            messages.success(request, f"Routed to {package.receiver}.")
            return done(request, _detail_url(package))
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context = _detail_context(actor, package, route_form=form)
    return render(request, "handover/detail.html", context, status=400)


# --- Report -------------------------------------------------------------------------------------


@login_required
@require_GET
def handover_report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.HANDOVER_REPORT)
    # A date that does not read (or is out of range) falls back to its default.
    read = Params(request.GET)
    end = read.day("end") or timezone.localdate()
    start = read.day("start") or end - timedelta(days=89)
    if start > end:
        start, end = end, start
    report = selectors.handover_report(actor=actor, start=start, end=end)
    return render(request, "handover/report.html", {"report": report})


# --- Settings -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """The account policy and the routing rules, with a form to add a rule."""
    actor = actor_of(request)
    policies.require(actor, Perm.ACCOUNTS_CONFIGURE)
    policy = AccountPolicy.current()
    teams = selectors.account_management_teams()
    policy_form = AccountPolicyForm(
        request.POST if request.POST.get("form") == "policy" else None,
        initial={
            "handover_sla_hours": policy.handover_sla_hours,
            "shared_window_days": policy.shared_window_days,
            "key_account_min_value": policy.key_account_min_value,
        },
    )
    rule_form = RoutingRuleForm(
        request.POST if request.POST.get("form") == "rule" else None, teams=teams
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "policy" and policy_form.is_valid():
                configuration.account_policy_update(actor=actor, **policy_form.cleaned_data)
                messages.success(request, "Account policy saved.")
                return done(request, reverse("handover:settings"))
            if request.POST.get("form") == "rule" and rule_form.is_valid():
                rule = configuration.routing_rule_save(actor=actor, **rule_form.cleaned_data)
                messages.success(request, f"Routing rule “{rule}” added.")
                return done(request, reverse("handover:settings"))
        except ValidationError as exc:
            apply_service_errors(
                policy_form if request.POST.get("form") == "policy" else rule_form, exc
            )
    return render(
        request,
        "handover/settings.html",
        {"policy_form": policy_form, "rule_form": rule_form, "rules": selectors.routing_rules()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.ACCOUNTS_CONFIGURE)
    rule = RoutingRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404("No such routing rule.")
    form = RoutingRuleForm(
        request.POST or None, instance=rule, teams=selectors.account_management_teams()
    )
    if request.method == "POST" and form.is_valid():
        fresh = RoutingRule.objects.get(pk=pk)
        try:
            configuration.routing_rule_save(actor=actor, rule=fresh, **form.cleaned_data)
            messages.success(request, f"Routing rule “{fresh}” saved.")
            return done(request, reverse("handover:settings"))
        except ValidationError as exc:
            apply_service_errors(form, exc)
    return render(request, "handover/rule_edit.html", {"rule": rule, "form": form})
