"""Back-office views of satisfaction surveys: questions, sending, results.

Surveys are the service's (no centre on the model); sending and results concern the members of
the current centre only. Reading (list, results) needs "adherents.survey:manage" or
"adherents.report:view"; every change needs "adherents.survey:manage".
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.events import selectors
from adherents.events import services_surveys as services
from adherents.events.forms import InviteForm, QuestionForm, SurveyForm
from adherents.events.services import EventsError, member_by_siren
from adherents.models import Survey, SurveyKind, SurveyQuestion
from spsti.forms import unchanged
from spsti.pagination import paginate_request

MANAGE = services.MANAGE
REPORT = "adherents.report:view"
TEMPLATES = "adherents/events/backoffice"


def _detail(survey: Survey) -> HttpResponse:
    return redirect("backoffice:adherents:events-survey-detail", pk=survey.pk)


@require_safe
@backoffice_view(MANAGE, REPORT)
def survey_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.survey_list(request.ctx))
    return render(
        request,
        f"{TEMPLATES}/survey_list.html",
        {"page": page, "can_manage": request.ctx.has_perm(MANAGE)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.save_survey(actor=request.ctx, **form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Enquête créée : ajoutez ses questions.")
            return _detail(survey)
    return render(request, f"{TEMPLATES}/survey_form.html", {"form": form, "survey": None})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.ctx), pk=pk)
    initial = {"title": survey.title, "kind": survey.kind, "is_active": survey.is_active}
    form = SurveyForm(request.POST or None, initial=initial)
    if unchanged(request, form):
        return _detail(survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_survey(actor=request.ctx, survey=survey, **form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Enquête modifiée.")
            return _detail(survey)
    return render(request, f"{TEMPLATES}/survey_form.html", {"form": form, "survey": survey})


@require_safe
@backoffice_view(MANAGE)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.ctx), pk=pk)
    questions = list(survey.questions.order_by("position", "pk"))
    frozen = survey.invitations.exists()
    return render(
        request,
        f"{TEMPLATES}/survey_detail.html",
        {
            "survey": survey,
            "questions": questions,
            "frozen": frozen,
            "question_form": None if frozen else QuestionForm(),
            "invite_form": InviteForm(),
            "is_yearly": survey.kind == SurveyKind.YEARLY,
            "year": timezone.localdate().year,
        },
    )


@require_POST
@backoffice_view(MANAGE)
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.ctx), pk=pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Question non ajoutée : écrivez la question et son type.")
        return _detail(survey)
    try:
        services.add_question(actor=request.ctx, survey=survey, **form.cleaned_data)
    except EventsError as error:
        messages.error(request, f"Question non ajoutée : {error}")
    else:
        messages.success(request, "Question ajoutée.")
    return _detail(survey)


@require_POST
@backoffice_view(MANAGE)
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(SurveyQuestion.objects.select_related("survey"), pk=pk)
    try:
        services.remove_question(actor=request.ctx, question=question)
    except EventsError as error:
        messages.error(request, f"Question non retirée : {error}")
    else:
        messages.success(request, "Question retirée.")
    return _detail(question.survey)


@require_POST
@backoffice_view(MANAGE)
def survey_yearly(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.ctx), pk=pk)
    year = timezone.localdate().year
    try:
        services.request_yearly_survey(actor=request.ctx, survey=survey, year=year)
    except EventsError as error:
        messages.error(request, f"Envoi non lancé : {error}")
    else:
        messages.success(
            request,
            f"Envoi de l'enquête annuelle {year} lancé vers les adhérents actifs de "
            f"{request.ctx.center_name} (une seule invitation par personne et par an).",
        )
    return _detail(survey)


@require_POST
@backoffice_view(MANAGE)
def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.ctx), pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Invitation non envoyée : indiquez un SIREN et un e-mail valide.")
        return _detail(survey)
    try:
        member = member_by_siren(request.ctx, form.cleaned_data["siren"])
        if member is None:
            raise EventsError("Indiquez le SIREN de l'adhérent.")
        invitation = services.invite(
            survey, member, form.cleaned_data["email"], form.cleaned_data["context_label"]
        )
        if invitation is None:
            raise EventsError("cette personne a déjà été invitée à cette enquête pour cet objet.")
    except EventsError as error:
        messages.error(request, f"Invitation non envoyée : {error}")
    except OSError:  # the mail server refused: no invitation was kept
        messages.error(request, "Invitation non envoyée : le serveur d'e-mail ne répond pas.")
    else:
        messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
    return _detail(survey)


@require_safe
@backoffice_view(MANAGE, REPORT)
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.visible_to(request.ctx), pk=pk)
    return render(
        request,
        f"{TEMPLATES}/survey_results.html",
        {"survey": survey, "results": selectors.survey_results(request.ctx, survey)},
    )
