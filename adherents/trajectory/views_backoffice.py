"""Back-office of the member trajectory (seed 002): a member's steps, the overdue steps, the
teams' board with the contact indicator, and the configuration of the steps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.enums import StaffRole
from accounts.gates import backoffice_view
from accounts.models import Team
from adherents import perms
from adherents.models import Adherent, StepStatus, TrajectoryStep, TrajectoryStepDefinition
from adherents.rules import trajectory as rules
from adherents.trajectory import selectors, selectors_welcome, services
from adherents.trajectory.forms import (
    DefinitionCreateForm,
    DefinitionForm,
    PeriodForm,
    StepDoneForm,
    StepSkipForm,
)
from spsti.forms import unchanged
from spsti.pagination import paginate_request
from spsti.params import int_param

VIEW = "adherents.trajectory:view"
MANAGE = selectors.MANAGE
MY_ROLES, ALL_ROLES = "", "tous"
BOARD_DAYS = 365  # the indicator's default period: the last twelve months


@dataclass
class StepRow:
    step: TrajectoryStep
    days_late: int
    overdue: bool
    done_form: Any = None
    skip_form: Any = None


def _forms(step: TrajectoryStep, today: datetime.date, data=None) -> tuple[Any, Any]:
    return (
        StepDoneForm(data, prefix=f"fait-{step.pk}", initial={"done_on": today}),
        StepSkipForm(data, prefix=f"so-{step.pk}"),
    )


def _page(request: HttpRequest, adherent: Adherent, failed: tuple | None = None) -> HttpResponse:
    """The member's steps in order; `failed` = (step id, "done" | "skip", bound form)."""
    today = timezone.localdate()
    rows = []
    for step in selectors.member_steps(adherent):
        row = StepRow(
            step,
            days_late=rules.lateness_days(step.due_on, today=today, done_on=step.done_on),
            overdue=rules.is_overdue(status=step.status, due_on=step.due_on, today=today),
        )
        if step.status == StepStatus.TODO and perms.can_act_on(request.ctx, step.definition):
            row.done_form, row.skip_form = _forms(step, today)
            if failed and failed[0] == step.pk:
                setattr(row, f"{failed[1]}_form", failed[2])
        rows.append(row)
    recap = selectors_welcome.welcome_recap(adherent, (row.step for row in rows))
    return render(
        request,
        "adherents/trajectory/member.html",
        {
            "adherent": adherent,
            "rows": rows,
            "today": today,
            "recap": recap,
            "video_url": selectors_welcome.presentation_video_url(),
        },
    )


def _adherent(request: HttpRequest, pk: int) -> Adherent:
    """A member followed by the current centre; another centre's: 404."""
    return get_object_or_404(Adherent.objects.visible_to(request.ctx).select_related("team"), pk=pk)


@require_safe
@backoffice_view(VIEW)
def trajectory_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _adherent(request, pk))


def _step_action(request: HttpRequest, pk: int, step_pk: int, action: str) -> HttpResponse:
    adherent = _adherent(request, pk)
    step = get_object_or_404(
        TrajectoryStep.objects.visible_to(request.ctx).select_related("definition"),
        pk=step_pk,
        adherent=adherent,
    )
    if not perms.can_act_on(request.ctx, step.definition):
        raise PermissionDenied("Cette étape relève d'un autre rôle.")
    done_form, skip_form = _forms(step, timezone.localdate(), request.POST)
    form = done_form if action == "done" else skip_form
    if form.is_valid():
        try:
            if action == "done":
                step = services.complete_step(
                    actor=request.ctx,
                    step=step,
                    on=form.cleaned_data["done_on"],
                    note=form.cleaned_data["note"],
                )
            else:
                services.skip_step(actor=request.ctx, step=step, note=form.cleaned_data["note"])
        except services.TrajectoryError as error:
            if not TrajectoryStep.objects.filter(pk=step.pk, status=StepStatus.TODO).exists():
                # Closed already (another tab, a colleague): the page shows no form for it, so
                # the refusal goes in a message above the steps.
                messages.error(request, str(error))
                return redirect(reverse("backoffice:adherents:trajectory-view", args=[adherent.pk]))
            form.add_error(None, str(error))
        else:
            verb = "faite" if action == "done" else "classée sans objet"
            messages.success(request, f"Étape « {step.definition.label} » {verb}.")
            if action == "done":
                _recap_message(request, adherent, step)
            return redirect(reverse("backoffice:adherents:trajectory-view", args=[adherent.pk]))
    return _page(request, adherent, failed=(step.pk, action, form))


def _recap_message(request: HttpRequest, adherent: Adherent, step: TrajectoryStep) -> None:
    """After the welcome call: to whom its recap e-mail went, or why none went."""
    recap = selectors_welcome.welcome_recap(adherent, [step])
    if recap is None:
        return
    if recap.mails:
        messages.info(
            request,
            f"Courriel récapitulatif de l'appel envoyé à {', '.join(recap.mails[0].to)}.",
        )
    else:
        messages.warning(request, NO_RECAP)


NO_RECAP = (
    "Aucun courriel récapitulatif n'a été envoyé : l'adhérent n'a aucun contact actif avec une "
    "adresse e-mail (dirigeant, ressources humaines, contact prévention ou référent "
    "santé-sécurité). Il les renseigne dans son espace adhérent (rubrique « Contacts »)."
)


@require_POST
@backoffice_view(VIEW)
def trajectory_step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    return _step_action(request, pk, step_pk, "done")


@require_POST
@backoffice_view(VIEW)
def trajectory_step_skip(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    return _step_action(request, pk, step_pk, "skip")


# ----------------------------------------------------------------------------- overdue list


@require_safe
@backoffice_view(VIEW)
def trajectory_overdue(request: HttpRequest) -> HttpResponse:
    """Étapes en retard of the teams the user follows; by default, those of its roles."""
    ctx, today = request.ctx, timezone.localdate()
    scope = selectors.scope_team_ids(ctx)
    teams = list(Team.objects.filter(pk__in=scope).order_by("name"))
    team_id = int_param(request, "equipe")
    team_id = team_id if team_id in scope else None
    role = request.GET.get("role", MY_ROLES)
    if role == ALL_ROLES:
        roles = None
    elif role in StaffRole.values:
        roles = [role]
    else:
        role, roles = MY_ROLES, sorted(ctx.staff_roles)
    steps = list(selectors.definitions())
    definition_id = int_param(request, "etape")
    definition_id = definition_id if definition_id in {d.pk for d in steps} else None
    rows = selectors.overdue_steps(
        ctx, today=today, team_id=team_id, roles=roles, definition_id=definition_id
    )
    page = paginate_request(request, rows)
    for step in page.items:
        step.days_late = rules.lateness_days(step.due_on, today=today)
    return render(
        request,
        "adherents/trajectory/overdue.html",
        {
            "page": page,
            "teams": teams,
            "team_id": team_id,
            "role": role,
            "roles": StaffRole.choices,
            "my_roles": [StaffRole(r).label for r in sorted(ctx.staff_roles)],
            "steps": steps,
            "definition_id": definition_id,
            "all_roles": ALL_ROLES,
            "no_team": not scope,
        },
    )


# ---------------------------------------------------------------------------------- board


@require_safe
@backoffice_view(VIEW)
def trajectory_board(request: HttpRequest) -> HttpResponse:
    """Per team: where new members stand, the overdue steps, the contact indicator."""
    today = timezone.localdate()
    default = {"du": today - datetime.timedelta(days=BOARD_DAYS), "au": today}
    form = PeriodForm(request.GET if "du" in request.GET else None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    data = selectors.board(request.ctx, today=today, date_from=period["du"], date_to=period["au"])
    return render(
        request,
        "adherents/trajectory/board.html",
        {"board": data, "form": form, "period": period, "today": today},
    )


# -------------------------------------------------------------------------- configuration


@require_safe
@backoffice_view(MANAGE)
def trajectory_definition_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "adherents/trajectory/definition_list.html",
        {"definitions": selectors.definitions()},
    )


def _save(request: HttpRequest, form, definition: TrajectoryStepDefinition | None):
    data = form.cleaned_data
    try:
        services.save_definition(
            actor=request.ctx,
            definition=definition,
            label=data["label"],
            owner_role=data["owner_role"],
            target_days=data["target_days"],
            order=data["order"],
            is_active=data["is_active"],
            code=data.get("code", ""),
            track=data.get("track", ""),
        )
    except services.TrajectoryError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, "Étape enregistrée.")
    return redirect("backoffice:adherents:trajectory-definition-list")


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def trajectory_definition_create(request: HttpRequest) -> HttpResponse:
    form = DefinitionCreateForm(
        request.POST or None, initial={"is_active": True, "owner_role": StaffRole.MEMBER_SERVICE}
    )
    if request.method == "POST" and form.is_valid() and (done := _save(request, form, None)):
        return done
    return render(
        request, "adherents/trajectory/definition_form.html", {"form": form, "definition": None}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def trajectory_definition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    definition = get_object_or_404(TrajectoryStepDefinition, pk=pk)
    initial = {
        "label": definition.label,
        "owner_role": definition.owner_role,
        "target_days": definition.target_days,
        "order": definition.order,
        "is_active": definition.is_active,
    }
    form = DefinitionForm(request.POST or None, initial=initial)
    if unchanged(request, form):
        return redirect("backoffice:adherents:trajectory-definition-list")
    if request.method == "POST" and form.is_valid() and (done := _save(request, form, definition)):
        return done
    return render(
        request,
        "adherents/trajectory/definition_form.html",
        {"form": form, "definition": definition},
    )
