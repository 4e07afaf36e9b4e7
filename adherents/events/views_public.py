"""Public page of a satisfaction survey, reached by the secret link of its invitation.

No login: the person who came to a meeting may have no account. An unknown link is a 404; an
answered one says "Vous avez déjà répondu, merci.".
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from adherents.events import services_surveys as services
from adherents.events.services import EventsError
from adherents.models import SurveyInvitation
from adherents.rules import events as rules
from spsti import secret_links

TEMPLATE = "adherents/events/public/survey_answer.html"


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for(token)
    except SurveyInvitation.DoesNotExist:
        raise Http404("Lien d'enquête inconnu.") from None
    days = settings.SPSTI_SURVEY_LINK_DAYS
    sent_on = timezone.localdate(invitation.sent_at)
    if secret_links.is_expired(sent_on, days, timezone.localdate()):
        return secret_links.expired_page(
            request,
            title="Lien d'enquête expiré",
            explanation=(
                f"Cette invitation à répondre à l'enquête « {invitation.survey.title} », envoyée "
                f"le {sent_on:%d/%m/%Y}, n'est valable que {days} jours : l'enquête n'accepte "
                "plus de réponse par ce lien. Merci de votre intérêt."
            ),
        )
    questions = sorted(invitation.survey.questions.all(), key=lambda q: (q.position, q.pk))
    raw: dict[int, str] = {}
    errors: dict[int, str] = {}
    context = {
        "invitation": invitation,
        "survey": invitation.survey,
        "closed_message": "",
        "thanks": False,
        "error": "",
    }
    if invitation.answered_at is not None:
        context["closed_message"] = rules.ALREADY_ANSWERED
    elif not invitation.survey.is_active:
        context["closed_message"] = "Cette enquête est close : elle n'accepte plus de réponses."
    elif request.method == "POST":
        raw = {q.pk: request.POST.get(f"q{q.pk}", "") for q in questions}
        try:
            services.answer(token=token, raw=raw)
        except services.SurveyAnswerError as error:
            errors, context["error"] = error.errors, str(error)
        except EventsError as error:
            context["closed_message"] = str(error)
        else:
            context["thanks"] = True
    context["items"] = [
        {"question": q, "value": raw.get(q.pk, ""), "error": errors.get(q.pk, "")}
        for q in questions
    ]
    context["scale"] = [str(n) for n in range(rules.RATING_MIN, rules.RATING_MAX + 1)]
    return render(request, TEMPLATE, context)
