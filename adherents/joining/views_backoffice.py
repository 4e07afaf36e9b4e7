"""Back-office views of the joining area: review of applications, the validation letter, and
a new activation link for the people of a member."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from accounts.models import Team
from adherents.joining import forms, selectors
from adherents.joining import services as application_services
from adherents.joining import services_review as services
from adherents.joining.services import JoiningError
from adherents.models import Adherent, AdherentMembership, ApplicationStatus, MembershipApplication
from spsti import outbox
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request

REVIEW = "adherents.application:review"
MANAGE = "adherents.adherent:manage"
ALL = "toutes"


def _application(request: HttpRequest, pk: int) -> MembershipApplication:
    application = selectors.application_for_review(request.ctx, pk)
    if application is None:  # given to a team of another centre: 404
        raise Http404("Demande introuvable.")
    return application


def _teams(ctx):
    return Team.objects.filter(pk__in=ctx.team_ids).select_related("center").order_by("name")


@require_safe
@backoffice_view(REVIEW)
def application_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", ApplicationStatus.SUBMITTED)
    if status not in ApplicationStatus.values:
        status = ALL
    qs = selectors.application_list(request.ctx, status="" if status == ALL else status)
    return render(
        request,
        "adherents/joining/backoffice/application_list.html",
        {
            "page": paginate_request(request, qs),
            "status": status,
            "statuses": [*ApplicationStatus.choices, (ALL, "Toutes")],
        },
    )


@require_safe
@backoffice_view(REVIEW)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    context = {
        "application": application,
        "summary": selectors.summary(application),
        "sent_mails": outbox.sent_for(application),
    }
    if application.status != ApplicationStatus.VALIDATED:  # validating reactivates it
        context["former_member"] = selectors.former_member(application.siren)
    if application.status == ApplicationStatus.SUBMITTED:
        context |= {
            "problems": application_services.submission_problems(application, applicant=False),
            "validate_form": forms.ValidateForm(
                teams=_teams(request.ctx),
                admin_choices=services.admin_email_choices(application),
            ),
            "changes_form": forms.MessageForm(),
        }
    if application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED):
        context["reject_form"] = forms.RejectForm()
    return render(request, "adherents/joining/backoffice/application_detail.html", context)


def _message_action(request, pk: int, form_class, action, success: str) -> HttpResponse:
    application = _application(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["message"]))
    else:
        try:
            action(request.ctx, application, form.cleaned_data["message"])
        except JoiningError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    return redirect("backoffice:adherents:joining-application-detail", pk=application.pk)


@require_POST
@backoffice_view(REVIEW)
def application_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    def action(actor, application, text):
        services.request_changes(actor=actor, application=application, message=text)

    return _message_action(
        request, pk, forms.MessageForm, action, "Corrections demandées : un lien a été envoyé."
    )


@require_POST
@backoffice_view(REVIEW)
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def action(actor, application, text):
        services.reject(actor=actor, application=application, reason=text)

    return _message_action(
        request, pk, forms.RejectForm, action, "Demande refusée : le demandeur est prévenu."
    )


@require_POST
@backoffice_view(REVIEW)
def application_validate(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    form = forms.ValidateForm(
        request.POST,
        teams=_teams(request.ctx),
        admin_choices=services.admin_email_choices(application),
    )
    if not form.is_valid():
        messages.error(
            request, "Choisissez une équipe de votre centre et le compte administrateur."
        )
        return redirect("backoffice:adherents:joining-application-detail", pk=application.pk)
    try:
        adherent = services.validate(
            actor=request.ctx,
            application=application,
            team=form.cleaned_data["team"],
            admin_email=form.cleaned_data["admin_email"],
        )
    except JoiningError as error:
        messages.error(request, str(error))
        return redirect("backoffice:adherents:joining-application-detail", pk=application.pk)
    messages.success(
        request,
        f"Adhésion de {adherent.name} validée : le lien d'activation est envoyé par e-mail et "
        "le courrier de validation est prêt.",
    )
    return redirect("backoffice:adherents:joining-application-detail", pk=application.pk)


@require_safe
@backoffice_view(REVIEW)
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    if not application.letter_pdf:
        raise Http404("Aucun courrier : la demande n'est pas validée.")
    return stored_file_response(
        application.letter_pdf,
        application.letter_sha256,
        f"courrier-adhesion-{application.siren}.pdf",
    )


@require_safe
@backoffice_view(MANAGE)
def portal_access(request: HttpRequest, pk: int) -> HttpResponse:
    adherent = get_object_or_404(Adherent.objects.visible_to(request.ctx), pk=pk)
    return render(
        request,
        "adherents/joining/backoffice/portal_access.html",
        {"adherent": adherent, "memberships": selectors.memberships_of(adherent)},
    )


@require_POST
@backoffice_view(MANAGE)
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        AdherentMembership.objects.filter(
            adherent__in=Adherent.objects.visible_to(request.ctx)
        ).select_related("user"),
        pk=pk,
    )
    try:
        services.resend_invitation(actor=request.ctx, membership=membership)
    except JoiningError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Nouveau lien d'activation envoyé à {membership.user.email}.")
    return redirect("backoffice:adherents:joining-portal-access", pk=membership.adherent_id)
