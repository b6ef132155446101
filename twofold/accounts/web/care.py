"""The account manager's care tabs: goals, budget and share of wallet, projects, the client's
voice, satisfaction and renegotiated terms. Each view parses input, calls one service and
renders; reading needs the account to be visible, writing needs ACCOUNT_EDIT (the services
check it again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from twofold import policies
from twofold.accounts.choices import AmendmentStatus, FeedbackKind, FeedbackStatus
from twofold.accounts.models import Account
from twofold.accounts.selectors import amendments as amendment_selectors
from twofold.accounts.selectors import care as selectors
from twofold.accounts.selectors import voice as voice_selectors
from twofold.accounts.services import amendments as amendment_services
from twofold.accounts.services import budget as budget_services
from twofold.accounts.services import goals as goal_services
from twofold.accounts.services import projects as project_services
from twofold.accounts.services import satisfaction as satisfaction_services
from twofold.accounts.services import voice as voice_services
from twofold.accounts.web import care_forms as forms
from twofold.core.actors import actor_of
from twofold.core.web.forms import apply_service_errors
from twofold.core.web.responses import done
from twofold.parties.models import Contact
from twofold.people.models import User
from twofold.policies import Perm
from twofold.policies.people import is_admin

EDIT = "accounts/care/edit.html"


def _account(request: HttpRequest, pk: int) -> tuple[User, Account, bool]:
    actor = actor_of(request)
    account = selectors.care_account_get(actor=actor, pk=pk)
    return actor, account, selectors.can_edit(actor, account)


def _writable(request: HttpRequest, pk: int) -> tuple[User, Account]:
    actor, account, _editable = _account(request, pk)
    policies.require(actor, Perm.ACCOUNT_EDIT, account)
    return actor, account


def _url(name: str, account: Account) -> str:
    return reverse(f"accounts:{name}", args=[account.pk])


def _people() -> Any:
    return User.objects.filter(is_active=True).order_by("full_name", "id")


def _contacts(account: Account) -> Any:
    return Contact.objects.filter(company_id=account.company_id).order_by("full_name", "id")


def _tab(
    request: HttpRequest, account: Account, tab: str, editable: bool, **context: Any
) -> HttpResponse:
    context |= {
        "account": account,
        "tab": tab,
        "can_edit": editable,
        "today": timezone.localdate(),
    }
    return render(request, f"accounts/care/{tab}.html", context)


def _edit_page(
    request: HttpRequest, account: Account, tab: str, title: str, form: Any, back: str
) -> HttpResponse:
    return render(
        request,
        EDIT,
        {"account": account, "tab": tab, "title": title, "form": form, "back": back},
    )


# --- Goals ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.GoalForm()
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.GoalForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                goal_services.goal_create(
                    actor=actor,
                    account=account,
                    horizon=d["horizon"],
                    title=d["title"],
                    success_criteria=d["success_criteria"],
                    review_on=d["review_on"],
                    status=d["status"],
                    progress=d["progress"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Goal added.")
                return done(request, _url("goals", account))
    return _tab(
        request,
        account,
        "goals",
        editable,
        groups=selectors.goals_of(account=account),
        form=form,
        open_form=bool(form.errors),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    goal = selectors.goal_get(account=account, pk=goal_pk)
    initial = {
        "horizon": goal.horizon,
        "title": goal.title,
        "success_criteria": goal.success_criteria,
        "status": goal.status,
        "progress": goal.progress,
        "review_on": goal.review_on,
    }
    form = forms.GoalForm(initial=initial)
    if request.method == "POST":
        form = forms.GoalForm(request.POST, initial=initial)
        if form.is_valid():
            d = form.cleaned_data
            try:
                goal_services.goal_update(
                    actor=actor,
                    goal=goal,
                    horizon=d["horizon"],
                    title=d["title"],
                    success_criteria=d["success_criteria"],
                    review_on=d["review_on"],
                    clear_review=d["review_on"] is None,
                    status=d["status"],
                    progress=d["progress"],
                    reason=d["reason"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Goal updated.")
                return done(request, _url("goals", account))
    return _edit_page(
        request, account, "goals", f"Goal: {goal.title}", form, _url("goals", account)
    )


# --- Budget ---------------------------------------------------------------------------------


def _budget_kwargs(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": d["year"],
        "buying_centre": d["buying_centre"],
        "amount": d["amount"],
        "currency": d["currency"],
        "notes": d["notes"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.BudgetLineForm(initial={"currency": account.currency})
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.BudgetLineForm(request.POST)
        if form.is_valid():
            try:
                budget_services.budget_line_create(
                    actor=actor, account=account, **_budget_kwargs(form.cleaned_data)
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Budget recorded.")
                return done(request, _url("budget", account))
    return _tab(
        request,
        account,
        "budget",
        editable,
        years=selectors.wallet_of(account=account),
        form=form,
        open_form=bool(form.errors),
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    line = selectors.budget_line_get(account=account, pk=line_pk)
    initial = {
        "year": line.year,
        "buying_centre": line.buying_centre,
        "amount": line.amount,
        "currency": line.currency,
        "notes": line.notes,
    }
    form = forms.BudgetLineForm(initial=initial)
    if request.method == "POST":
        form = forms.BudgetLineForm(request.POST)
        if form.is_valid():
            try:
                budget_services.budget_line_update(
                    actor=actor, line=line, **_budget_kwargs(form.cleaned_data)
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Budget changed.")
                return done(request, _url("budget", account))
    title = f"Budget {line.year}: {line.buying_centre}"
    return _edit_page(request, account, "budget", title, form, _url("budget", account))


# --- Projects -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def projects(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.ProjectForm(owners=_people(), with_status=False, initial={"owner": actor.pk})
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.ProjectForm(request.POST, owners=_people(), with_status=False)
        if form.is_valid():
            d = form.cleaned_data
            try:
                project_services.project_create(
                    actor=actor,
                    account=account,
                    name=d["name"],
                    owner=d["owner"],
                    description=d["description"],
                    starts_on=d["starts_on"],
                    due_on=d["due_on"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Project planned.")
                return done(request, _url("projects", account))
    return _tab(
        request,
        account,
        "projects",
        editable,
        projects=selectors.projects_of(account=account),
        form=form,
        open_form=bool(form.errors),
        milestone_form=forms.MilestoneForm(owners=_people(), with_status=False)
        if editable
        else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    project = selectors.project_get(account=account, pk=project_pk)
    initial = {
        "name": project.name,
        "owner": project.owner_id,
        "status": project.status,
        "starts_on": project.starts_on,
        "due_on": project.due_on,
        "description": project.description,
    }
    form = forms.ProjectForm(owners=_people(), initial=initial)
    if request.method == "POST":
        form = forms.ProjectForm(request.POST, owners=_people())
        if form.is_valid():
            d = form.cleaned_data
            try:
                project_services.project_update(
                    actor=actor,
                    project=project,
                    name=d["name"],
                    owner=d["owner"],
                    status=d["status"],
                    description=d["description"],
                    starts_on=d["starts_on"],
                    due_on=d["due_on"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Project updated.")
                return done(request, _url("projects", account))
    back = _url("projects", account)
    return _edit_page(request, account, "projects", f"Project: {project.name}", form, back)


@login_required
@require_POST
def milestone_create(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    project = selectors.project_get(account=account, pk=project_pk)
    form = forms.MilestoneForm(request.POST, owners=_people(), with_status=False)
    if form.is_valid():
        d = form.cleaned_data
        try:
            project_services.milestone_create(
                actor=actor,
                project=project,
                title=d["title"],
                deliverable=d["deliverable"],
                owner=d["owner"],
                due_on=d["due_on"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Milestone added.")
            return done(request, _url("projects", account))
    back = _url("projects", account)
    return _edit_page(request, account, "projects", f"New milestone for {project.name}", form, back)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    milestone = selectors.milestone_get(account=account, pk=milestone_pk)
    initial = {
        "title": milestone.title,
        "deliverable": milestone.deliverable,
        "owner": milestone.owner_id,
        "due_on": milestone.due_on,
        "status": milestone.status,
    }
    form = forms.MilestoneForm(owners=_people(), initial=initial)
    if request.method == "POST":
        form = forms.MilestoneForm(request.POST, owners=_people())
        if form.is_valid():
            d = form.cleaned_data
            try:
                project_services.milestone_update(
                    actor=actor,
                    milestone=milestone,
                    title=d["title"],
                    deliverable=d["deliverable"],
                    owner=d["owner"],
                    due_on=d["due_on"],
                    status=d["status"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Milestone updated.")
                return done(request, _url("projects", account))
    back = _url("projects", account)
    return _edit_page(request, account, "projects", f"Milestone: {milestone.title}", form, back)


# --- The client's voice ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.FeedbackForm(contacts=_contacts(account))
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.FeedbackForm(request.POST, contacts=_contacts(account))
        if form.is_valid():
            d = form.cleaned_data
            try:
                voice_services.feedback_create(
                    actor=actor,
                    account=account,
                    kind=d["kind"],
                    title=d["title"],
                    body=d["body"],
                    contact=d["contact"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Recorded.")
                return done(request, _url("feedback", account))
    return _tab(
        request,
        account,
        "feedback",
        editable,
        items=voice_selectors.feedback_of(account=account)[:200],
        form=form,
        open_form=bool(form.errors),
    )


@login_required
@require_GET
def client_voice(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.CLIENT_VOICE_VIEW)
    filters = voice_selectors.VoiceFilters.parse(request.GET)
    page = voice_selectors.client_voice(actor=actor, filters=filters)
    return render(
        request,
        "accounts/care/client_voice.html",
        {
            "page": page,
            "filters": filters,
            "kinds": FeedbackKind.choices,
            "statuses": FeedbackStatus.choices,
            "sorts": [("weight", "Weight (revenue)"), ("count", "Accounts"), ("recent", "Recent")],
            "can_triage": policies.can(actor, Perm.CLIENT_VOICE_TRIAGE),
            "triage_form": forms.TriageForm(),
        },
    )


@login_required
@require_POST
def feedback_triage(request: HttpRequest, feedback_pk: int) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.CLIENT_VOICE_TRIAGE)
    item = voice_selectors.feedback_get_for_triage(pk=feedback_pk)
    form = forms.TriageForm(request.POST)
    back = request.POST.get("next", "")
    back = back if back.startswith("/accounts/client-voice/") else reverse("accounts:client_voice")
    if not form.is_valid():
        messages.error(request, "Choose a status.")
        return done(request, back)
    try:
        voice_services.feedback_triage(
            actor=actor,
            feedback=item,
            status=form.cleaned_data["status"],
            response=form.cleaned_data["response"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{item.title}” is now {item.get_status_display().lower()}.")
    return done(request, back)


# --- Satisfaction ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def satisfaction(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.SatisfactionForm(contacts=_contacts(account))
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.SatisfactionForm(request.POST, contacts=_contacts(account))
        if form.is_valid():
            d = form.cleaned_data
            try:
                satisfaction_services.satisfaction_record(
                    actor=actor,
                    account=account,
                    kind=d["kind"],
                    score=d["score"],
                    taken_on=d["taken_on"],
                    contact=d["contact"],
                    comment=d["comment"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Answer recorded.")
                return done(request, _url("satisfaction", account))
    return _tab(
        request,
        account,
        "satisfaction",
        editable,
        data=selectors.satisfaction_of(account=account),
        form=form,
        open_form=bool(form.errors),
    )


# --- Renegotiated terms ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    data = amendment_selectors.terms_of(account=account)
    agreed = data.agreed
    initial: dict[str, Any] = {"currency": account.currency}
    if agreed is not None:
        initial |= {
            "total": agreed.total,
            "currency": agreed.currency,
            "discount_percent": agreed.discount_percent,
            "net_days": agreed.net_days,
            "instalment_count": agreed.instalment_count,
        }
    form = forms.AmendmentForm(initial=initial)
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.AmendmentForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                amendment = amendment_services.amendment_propose(actor=actor, account=account, **d)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if amendment.status == AmendmentStatus.APPROVED:
                    messages.success(request, f"Version {amendment.version} is approved.")
                else:
                    messages.warning(
                        request,
                        f"Version {amendment.version} goes beyond the policy: "
                        "it waits for an account executive's approval.",
                    )
                return done(request, _url("terms", account))
    return _tab(
        request,
        account,
        "terms",
        editable,
        data=data,
        form=form,
        open_form=bool(form.errors),
        can_decide=policies.can(actor, Perm.AMENDMENT_APPROVE, account),
        actor=actor,
        is_admin=is_admin(actor),
    )


@login_required
@require_POST
def amendment_decide(request: HttpRequest, pk: int, amendment_pk: int) -> HttpResponse:
    actor, account, _editable = _account(request, pk)
    policies.require(actor, Perm.AMENDMENT_APPROVE, account)
    amendment = amendment_selectors.amendment_get(account=account, pk=amendment_pk)
    form = forms.DecisionForm(request.POST)
    back = request.POST.get("next", "")
    back = back if back == reverse("accounts:amendment_approvals") else _url("terms", account)
    if not form.is_valid():
        messages.error(request, "Approve or reject.")
        return done(request, back)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        amendment_services.amendment_decide(
            actor=actor, amendment=amendment, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        verb = "approved" if approve else "rejected"
        messages.success(request, f"Version {amendment.version} of {account.name} {verb}.")
    return done(request, back)


@login_required
@require_GET
def amendment_approvals(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    policies.require(actor, Perm.AMENDMENT_APPROVE)
    status = request.GET.get("status", AmendmentStatus.PENDING_APPROVAL)
    if status not in AmendmentStatus.values:
        status = AmendmentStatus.PENDING_APPROVAL
    return render(
        request,
        "accounts/care/approvals.html",
        {
            "amendments": amendment_selectors.approvals_for(actor=actor, status=status),
            "status": status,
            "statuses": AmendmentStatus.choices,
            "actor": actor,
            "is_admin": is_admin(actor),
        },
    )
