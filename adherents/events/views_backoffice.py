"""Back-office views of employer meetings: meetings, sessions, registrations and attendance.

Only the meetings of the current centre are reachable; another centre's meeting is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.events import selectors, services
from adherents.events import services_surveys as survey_services
from adherents.events.forms import MeetingForm, SessionForm, SessionSurveyForm
from adherents.events.services import EventsError
from adherents.models import EmployerMeeting, MeetingSession, Survey, SurveyKind
from spsti.forms import unchanged
from spsti.pagination import paginate_request
from spsti.params import parse_int

MANAGE = "adherents.meeting:manage"
TEMPLATES = "adherents/events/backoffice"
PRESENCE = {"present": True, "absent": False, "": None}


def _meeting(request: HttpRequest, pk: int) -> EmployerMeeting:
    return get_object_or_404(EmployerMeeting.objects.visible_to(request.ctx), pk=pk)


def _session(request: HttpRequest, pk: int) -> MeetingSession:
    return get_object_or_404(
        MeetingSession.objects.visible_to(request.ctx).select_related("meeting"), pk=pk
    )


@require_safe
@backoffice_view(MANAGE)
def meeting_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.meeting_list(request.ctx))
    return render(request, f"{TEMPLATES}/meeting_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.save_meeting(actor=request.ctx, **form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Rencontre créée : ajoutez-lui une session.")
            return redirect("backoffice:adherents:events-meeting-detail", pk=meeting.pk)
    return render(request, f"{TEMPLATES}/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = MeetingForm(
        request.POST or None,
        initial={
            "title": meeting.title,
            "description": meeting.description,
            "format": meeting.format,
            "is_published": meeting.is_published,
        },
    )
    if unchanged(request, form):
        return redirect("backoffice:adherents:events-meeting-detail", pk=meeting.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_meeting(actor=request.ctx, meeting=meeting, **form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Rencontre modifiée.")
            return redirect("backoffice:adherents:events-meeting-detail", pk=meeting.pk)
    return render(request, f"{TEMPLATES}/meeting_form.html", {"form": form, "meeting": meeting})


@require_safe
@backoffice_view(MANAGE)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    page = paginate_request(request, selectors.sessions_of(meeting))
    return render(
        request,
        f"{TEMPLATES}/meeting_detail.html",
        {"meeting": meeting, "page": page, "now": timezone.now()},
    )


def _session_form(request: HttpRequest, meeting: EmployerMeeting, session=None) -> HttpResponse:
    initial = {}
    if session is not None:
        initial = {
            "starts_at": timezone.localtime(session.starts_at),
            "ends_at": timezone.localtime(session.ends_at),
            "place": session.place,
            "video_url": session.video_url,
            "capacity": session.capacity,
        }
    form = SessionForm(request.POST or None, initial=initial)
    if session is not None and unchanged(request, form):
        return redirect("backoffice:adherents:events-session-detail", pk=session.pk)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_session(
                actor=request.ctx, meeting=meeting, session=session, **form.cleaned_data
            )
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Session enregistrée.")
            return redirect("backoffice:adherents:events-session-detail", pk=saved.pk)
    return render(
        request,
        f"{TEMPLATES}/session_form.html",
        {"form": form, "meeting": meeting, "session": session},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_form(request, _meeting(request, pk))


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return _session_form(request, session.meeting, session)


def _event_surveys():
    return Survey.objects.filter(kind=SurveyKind.EVENT, is_active=True).order_by("title", "pk")


@require_safe
@backoffice_view(MANAGE)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    registrations = selectors.registrations_of(session)
    now = timezone.now()
    can_survey = request.ctx.has_perm(survey_services.MANAGE) and session.ends_at <= now
    return render(
        request,
        f"{TEMPLATES}/session_detail.html",
        {
            "session": session,
            "registrations": registrations,
            "remaining": max(0, session.capacity - len(registrations)),
            "started": session.starts_at <= now,
            "survey_form": SessionSurveyForm(surveys=_event_surveys()) if can_survey else None,
        },
    )


@require_POST
@backoffice_view(MANAGE)
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        services.cancel_session(actor=request.ctx, session=session)
    except EventsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Session annulée : les personnes inscrites sont prévenues.")
    return redirect("backoffice:adherents:events-session-detail", pk=session.pk)


@require_POST
@backoffice_view(MANAGE)
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    presence: dict[int, bool | None] = {}
    for key, value in request.POST.items():
        pk = parse_int(key.removeprefix("presence-")) if key.startswith("presence-") else None
        if pk is not None and value in PRESENCE:
            presence[pk] = PRESENCE[value]
    try:
        noted = services.mark_attendance(actor=request.ctx, session=session, presence=presence)
    except EventsError as error:
        messages.error(request, f"Présences non enregistrées : {error}")
    else:
        messages.success(request, f"Présences enregistrées ({noted} inscription(s)).")
    return redirect("backoffice:adherents:events-session-detail", pk=session.pk)


@require_POST
@backoffice_view(survey_services.MANAGE)
def session_survey(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SessionSurveyForm(request.POST, surveys=_event_surveys())
    if not form.is_valid():
        messages.error(request, "Choisissez une enquête « après une rencontre employeurs ».")
    else:
        try:
            present = survey_services.request_session_survey(
                actor=request.ctx, session=session, survey=form.cleaned_data["survey"]
            )
        except EventsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Enquête en cours d'envoi aux {present} personne(s) présente(s) "
                "(une seule invitation par personne).",
            )
    return redirect("backoffice:adherents:events-session-detail", pk=session.pk)
