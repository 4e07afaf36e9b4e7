"""What the schema says of every error (application/problem+json), for drf-spectacular."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

PROBLEM = inline_serializer(
    name="Probleme",
    fields={
        "type": serializers.CharField(help_text="Type du problème (about:blank)."),
        "title": serializers.CharField(help_text="Intitulé court de l'erreur, en français."),
        "status": serializers.IntegerField(help_text="Code HTTP."),
        "detail": serializers.CharField(help_text="Explication de l'erreur, en français."),
        "erreurs": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Erreurs par champ (données invalides) : nom du champ → messages.",
        ),
    },
)


def _problem(text: str) -> OpenApiResponse:
    return OpenApiResponse(response=PROBLEM, description=text)


ERRORS = {
    401: _problem("Jeton absent, inconnu, expiré ou révoqué."),
    403: _problem("Le jeton n'a pas le droit (scope) nécessaire."),
    429: _problem("Trop de requêtes avec ce jeton : réessayer après le délai indiqué."),
}
NOT_FOUND = {404: _problem("Objet inexistant ou d'une autre organisation.")}
INVALID = {400: _problem("Données invalides : le détail par champ est dans « erreurs ».")}
REFUSED = {422: _problem("Opération refusée par les règles du suivi (message en français).")}
