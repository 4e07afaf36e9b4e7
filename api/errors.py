"""Every error of the API as `application/problem+json` (RFC 9457), in French.

{"type": "about:blank", "title": "Données invalides", "status": 400,
 "detail": "…", "erreurs": {"nir": ["La clé du NIR est fausse…"]}}
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, renderers, status
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Données invalides",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Introuvable",
    405: "Méthode non autorisée",
    406: "Format de réponse non disponible",
    409: "Conflit",
    415: "Format de requête non pris en charge",
    422: "Requête impossible à traiter",
    429: "Trop de requêtes",
}
# Our own words where DRF's French is vague or missing.
DETAILS = {
    exceptions.NotAuthenticated: (
        "Authentifiez-vous avec un jeton d'accès : en-tête « Authorization: Bearer <jeton> »."
    ),
    exceptions.NotFound: "Cet objet n'existe pas ou n'est pas accessible avec ce jeton.",
    exceptions.ParseError: "Le corps de la requête n'est pas un JSON valide.",
}


def problem(status_code: int, detail: str, *, errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Erreur"),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["erreurs"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_JSON)


def _detail(exc: exceptions.APIException) -> str:
    for kind, text in DETAILS.items():
        # DRF's own wording only: a view's or a paginator's message is kept.
        if type(exc) is kind and str(exc.detail) == str(kind.default_detail):
            return text
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait or 1)
        return f"Trop de requêtes avec ce jeton : réessayez dans {wait} secondes."
    if isinstance(exc.detail, str):
        return str(exc.detail)
    return "Vérifiez les champs signalés dans « erreurs »."


def problem_exception_handler(exc, context):
    """DRF's handler for the status and headers, then our body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django's handler, logged
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        text = (
            "Vérifiez les champs signalés dans « erreurs »."
            if isinstance(detail, dict)
            else "; ".join(str(d) for d in detail)
        )
        response_status = status.HTTP_400_BAD_REQUEST
    else:
        text = _detail(exc)
        response_status = response.status_code
    headers = {
        name: value
        for name, value in response.items()
        if name in ("WWW-Authenticate", "Retry-After", "Allow")
    }
    return problem(response_status, text, errors=errors, headers=headers)


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask `Accept: application/pdf` of a download."""

    media_type = "application/pdf"
    format = "pdf"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PdfDownloadView(APIView):
    """A PDF download whose refusals are problem+json whatever PDF the client asked for."""

    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    def handle_exception(self, exc):
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)
