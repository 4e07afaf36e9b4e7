"""Member-portal views of employer meetings: sessions to come of the member's centre,
registration of its people, their cancellation, "mes inscriptions"."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents.events import selectors, services
from adherents.events.forms import RegistrationForm
from adherents.events.services import EventsError
from adherents.models import MeetingRegistration, MeetingSession
from spsti.pagination import paginate_request

REGISTER = services.REGISTER
TEMPLATES = "adherents/events/portal"


@require_safe
@portal_view(REGISTER)
def session_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.upcoming_sessions_for_member(request.ctx))
    return render(request, f"{TEMPLATES}/session_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(REGISTER)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(  # another centre's or an unpublished meeting: 404
        selectors.with_places(MeetingSession.objects.visible_to(request.ctx)).select_related(
            "meeting"
        ),
        pk=pk,
    )
    user = request.ctx.user
    form = RegistrationForm(
        request.POST or None,
        initial={"attendee_name": user.get_full_name(), "attendee_email": user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.register(actor=request.ctx, session=session, **form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{form.cleaned_data['attendee_name']} est inscrit(e) ; "
                "un e-mail de confirmation lui est envoyé.",
            )
            return redirect("portal:adherents:events-registration-list")
    return render(request, f"{TEMPLATES}/register.html", {"session": session, "form": form})


@require_safe
@portal_view(REGISTER)
def registration_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.registrations_for_member(request.ctx))
    return render(request, f"{TEMPLATES}/registration_list.html", {"page": page})


@require_POST
@portal_view(REGISTER)
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(MeetingRegistration.objects.visible_to(request.ctx), pk=pk)
    try:
        services.cancel_registration(actor=request.ctx, registration=registration)
    except EventsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Inscription annulée : la place est libérée.")
    return redirect("portal:adherents:events-registration-list")
