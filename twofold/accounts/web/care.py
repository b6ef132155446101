"""The account manager's care tabs: goals, budget and share of wallet, projects, the client's
voice, satisfaction and renegotiated terms. Each view parses input, calls one service and
renders; reading needs the account to be visible, writing needs ACCOUNT_EDIT (the services
check it again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
from twofold.core.web.forms import apply_service_errors, submit_form
from twofold.core.web.responses import done
from twofold.parties.models import Contact
from twofold.people.models import User
from twofold.policies import Perm
from twofold.policies.people import is_admin

EDIT = "accounts/care/edit.html"
# What a renegotiation starts from: the terms sales agreed, less their notes.
AGREED_TERMS = ["total", "currency", "discount_percent", "net_days", "instalment_count"]


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


def _initial_of(instance: Model, form_class: type[Form]) -> dict[str, Any]:
    # The form's fields that the model holds (a goal's "why" is asked, not stored).
    return model_to_dict(instance, fields=list(form_class.base_fields))


def _tab(
    request: HttpRequest,
    account: Account,
    tab: str,
    editable: bool,
    form: Form,
    **context: Any,
) -> HttpResponse:
    context |= {
        "account": account,
        "tab": tab,
        "can_edit": editable,
        "today": timezone.localdate(),
        "form": form,
        # A refused form shows open, with its errors.
        "open_form": bool(form.errors),
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


def _edit(
    request: HttpRequest,
    account: Account,
    *,
    tab: str,
    title: str,
    form_class: type[Form],
    call: Any,
    message: str,
    instance: Model | None = None,
    **form_kwargs: Any,
) -> HttpResponse:
    """The page that edits one record of a care tab (or adds one beneath another): the form
    holds the record's values; a valid post goes to ``call``, the one service; saved, back to
    the tab; refused, the form again with the errors next to their fields."""
    initial = _initial_of(instance, form_class) if instance is not None else {}
    posted = request.POST if request.method == "POST" else None
    form = form_class(posted, initial=initial, **form_kwargs)
    back = _url(tab, account)
    if posted is not None:
        saved = submit_form(request, form, call, message, back)
        if saved is not None:
            return saved
    return _edit_page(request, account, tab, title, form, back)


# --- Goals ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.GoalForm()
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.GoalForm(request.POST)
        added = submit_form(
            request,
            form,
            lambda d: goal_services.goal_create(
                actor=actor,
                account=account,
                horizon=d["horizon"],
                title=d["title"],
                success_criteria=d["success_criteria"],
                review_on=d["review_on"],
                status=d["status"],
                progress=d["progress"],
            ),
            "Goal added.",
            _url("goals", account),
        )
        if added is not None:
            return added
    groups = selectors.goals_of(account=account)
    return _tab(request, account, "goals", editable, form, groups=groups)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    goal = selectors.goal_get(account=account, pk=goal_pk)
    return _edit(
        request,
        account,
        tab="goals",
        title=f"Goal: {goal.title}",
        form_class=forms.GoalForm,
        instance=goal,
        call=lambda d: goal_services.goal_update(
            actor=actor, goal=goal, clear_review=d["review_on"] is None, **d
        ),
        message="Goal updated.",
    )


# --- Budget ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.BudgetLineForm(initial={"currency": account.currency})
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.BudgetLineForm(request.POST)
        recorded = submit_form(
            request,
            form,
            lambda d: budget_services.budget_line_create(actor=actor, account=account, **d),
            "Budget recorded.",
            _url("budget", account),
        )
        if recorded is not None:
            return recorded
    years = selectors.wallet_of(account=account)
    return _tab(request, account, "budget", editable, form, years=years)


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    line = selectors.budget_line_get(account=account, pk=line_pk)
    return _edit(
        request,
        account,
        tab="budget",
        title=f"Budget {line.year}: {line.buying_centre}",
        form_class=forms.BudgetLineForm,
        instance=line,
        call=lambda d: budget_services.budget_line_update(actor=actor, line=line, **d),
        message="Budget changed.",
    )


# --- Projects -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def projects(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.ProjectForm(owners=_people(), with_status=False, initial={"owner": actor.pk})
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.ProjectForm(request.POST, owners=_people(), with_status=False)
        planned = submit_form(
            request,
            form,
            lambda d: project_services.project_create(actor=actor, account=account, **d),
            "Project planned.",
            _url("projects", account),
        )
        if planned is not None:
            return planned
    return _tab(
        request,
        account,
        "projects",
        editable,
        form,
        projects=selectors.projects_of(account=account),
        milestone_form=forms.MilestoneForm(owners=_people(), with_status=False)
        if editable
        else None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    project = selectors.project_get(account=account, pk=project_pk)
    return _edit(
        request,
        account,
        tab="projects",
        title=f"Project: {project.name}",
        form_class=forms.ProjectForm,
        instance=project,
        call=lambda d: project_services.project_update(actor=actor, project=project, **d),
        message="Project updated.",
        owners=_people(),
    )


@login_required
@require_POST
def milestone_create(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    project = selectors.project_get(account=account, pk=project_pk)
    return _edit(
        request,
        account,
        tab="projects",
        title=f"New milestone for {project.name}",
        form_class=forms.MilestoneForm,
        call=lambda d: project_services.milestone_create(actor=actor, project=project, **d),
        message="Milestone added.",
        owners=_people(),
        with_status=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    actor, account = _writable(request, pk)
    milestone = selectors.milestone_get(account=account, pk=milestone_pk)
    return _edit(
        request,
        account,
        tab="projects",
        title=f"Milestone: {milestone.title}",
        form_class=forms.MilestoneForm,
        instance=milestone,
        call=lambda d: project_services.milestone_update(actor=actor, milestone=milestone, **d),
        message="Milestone updated.",
        owners=_people(),
    )


# --- The client's voice ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    form = forms.FeedbackForm(contacts=_contacts(account))
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.FeedbackForm(request.POST, contacts=_contacts(account))
        recorded = submit_form(
            request,
            form,
            lambda d: voice_services.feedback_create(actor=actor, account=account, **d),
            "Recorded.",
            _url("feedback", account),
        )
        if recorded is not None:
            return recorded
    items = voice_selectors.feedback_of(account=account)[:200]
    chosen = form["request"].value() if form.is_bound else None
    matches = (
        voice_selectors.voice_requests_matching(
            actor=actor, text=form["title"].value() or "", kind=form["kind"].value() or ""
        )
        if form.is_bound
        else []
    )
    return _tab(
        request,
        account,
        "feedback",
        editable,
        form,
        items=items,
        matches=matches,
        chosen=str(chosen or ""),
        field_name="request",
    )


@login_required
@require_GET
def voice_request_matches(request: HttpRequest) -> HttpResponse:
    """The open requests a title typed so far may be: offered to attach feedback to (on an
    account's feedback form) or to merge into (on a request's page)."""
    actor = actor_of(request)
    field_name = "into" if request.GET.get("field") == "into" else "request"
    exclude = request.GET.get("exclude", "")
    matches = voice_selectors.voice_requests_matching(
        actor=actor,
        text=request.GET.get("title", "") or request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
    )
    matches = [m for m in matches if str(m.pk) != exclude]
    return render(
        request,
        "accounts/care/partials/voice_matches.html",
        {"matches": matches, "field_name": field_name, "chosen": request.GET.get(field_name, "")},
    )


@login_required
@require_GET
def voice_request(request: HttpRequest, request_pk: int) -> HttpResponse:
    """One request: the accounts that asked for it, as the viewer may see them. A merged
    request leads on to the one that carries its feedback."""
    actor = actor_of(request)
    found = voice_selectors.voice_request_get(actor=actor, pk=request_pk)
    if found.merged_into is not None:
        messages.info(request, f"“{found.title}” was merged into “{found.merged_into.title}”.")
        return redirect("accounts:voice_request", found.merged_into_id)
    view = voice_selectors.voice_request_view(actor=actor, request=found)
    return render(
        request,
        "accounts/care/voice_request.html",
        {
            "view": view,
            "voice_request": found,
            "can_merge": policies.can(actor, Perm.CLIENT_VOICE_MERGE, found),
            "can_hear_all": policies.can(actor, Perm.CLIENT_VOICE_VIEW),
        },
    )


@login_required
@require_POST
def voice_request_merge(request: HttpRequest, request_pk: int) -> HttpResponse:
    actor = actor_of(request)
    found = voice_selectors.voice_request_get(actor=actor, pk=request_pk)
    policies.require(actor, Perm.CLIENT_VOICE_MERGE, found)
    back = reverse("accounts:voice_request", args=[found.pk])
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return done(request, back)
    try:
        into = voice_services.voice_request_merge(
            actor=actor, request=found, into=form.cleaned_data["into"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return done(request, back)
    messages.success(request, f"“{found.title}” is merged into “{into.title}”.")
    return done(request, reverse("accounts:voice_request", args=[into.pk]))


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
        recorded = submit_form(
            request,
            form,
            lambda d: satisfaction_services.satisfaction_record(actor=actor, account=account, **d),
            "Answer recorded.",
            _url("satisfaction", account),
        )
        if recorded is not None:
            return recorded
    data = selectors.satisfaction_of(account=account)
    return _tab(request, account, "satisfaction", editable, form, data=data)


# --- Renegotiated terms ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest, pk: int) -> HttpResponse:
    actor, account, editable = _account(request, pk)
    data = amendment_selectors.terms_of(account=account)
    initial: dict[str, Any] = {"currency": account.currency}
    if data.agreed is not None:
        initial |= model_to_dict(data.agreed, fields=AGREED_TERMS)
    form = forms.AmendmentForm(initial=initial)
    if request.method == "POST":
        policies.require(actor, Perm.ACCOUNT_EDIT, account)
        form = forms.AmendmentForm(request.POST)
        if form.is_valid():
            try:
                amendment = amendment_services.amendment_propose(
                    actor=actor, account=account, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                # Unlike the other tabs, a success may still wait for someone else.
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
        form,
        data=data,
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
