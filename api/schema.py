"""What the schema says of every error (application/problem+json), for drf-spectacular."""

from drf_spectacular.types import OpenApiTypes
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


PROBLEM_JSON = "application/problem+json"


def _problem(status: int, text: str) -> dict:
    return {(status, PROBLEM_JSON): OpenApiResponse(response=PROBLEM, description=text)}


ERRORS = {
    **_problem(401, "Jeton absent, inconnu, expiré ou révoqué."),
    **_problem(403, "Le jeton n'a pas le droit (scope) nécessaire."),
    **_problem(429, "Trop de requêtes avec ce jeton : réessayer après le délai indiqué."),
}
NOT_FOUND = _problem(404, "Objet inexistant ou d'une autre organisation.")
# A list's 404: a cursor that is not one of ours.
BAD_CURSOR = _problem(404, "Curseur de pagination invalide.")
INVALID = _problem(400, "Données invalides : le détail par champ est dans « erreurs ».")
REFUSED = _problem(
    422,
    "Opération refusée par les règles du suivi, ou clé d'idempotence déjà utilisée pour une "
    "autre requête (message en français).",
)
CONFLICT = _problem(409, "Une requête avec la même clé d'idempotence est en cours.")

PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Le PDF.")}
