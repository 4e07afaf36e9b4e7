"""The partner's page, reached by the secret link of its e-mail (no account): the request's
subject, text and member name, and an answer form. Unknown link: 404; answered: a message."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from adherents.requests import selectors, services
from adherents.requests import services_partners as partner_services
from adherents.requests.forms import PartnerAnswerForm
from spsti import secret_links

TOKEN_MAX = 100  # token_urlsafe(32) is 43 characters; longer is noise


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def partner_answer(request: HttpRequest, token: str) -> HttpResponse:
    referral = (
        selectors.referral_by_token_hash(secret_links.token_hash(token))
        if len(token) <= TOKEN_MAX
        else None
    )
    if referral is None:
        raise Http404("Lien inconnu.")
    days = settings.SPSTI_PARTNER_LINK_DAYS
    if secret_links.is_expired(referral.sent_on, days, timezone.localdate()):
        return secret_links.expired_page(
            request,
            title="Lien de réponse expiré",
            explanation=(
                f"Cette demande vous a été transmise le {referral.sent_on:%d/%m/%Y} ; son lien "
                f"de réponse n'est valable que {days} jours. Pour répondre encore, contactez "
                f"directement {settings.SPSTI_SERVICE_NAME}."
            ),
        )
    form = PartnerAnswerForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            partner_services.partner_answer(referral=referral, answer=form.cleaned_data["answer"])
        except services.RequestError as error:
            form.add_error(None, str(error))
        else:
            done = True
            referral.refresh_from_db(fields=["answer", "answered_at"])
    response = render(
        request,
        "adherents/requests/public/partner_answer.html",
        {
            "referral": referral,
            "req": referral.request,
            "form": form,
            "done": done,
            "is_overdue": referral.answered_at is None and referral.due_on < timezone.localdate(),
            "service_name": settings.SPSTI_SERVICE_NAME,
        },
    )
    # The link never leaks to another site. Not "no-referrer": a browser then sends
    # "Origin: null" with the answer's POST, and Django's CSRF check refuses it (403).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
