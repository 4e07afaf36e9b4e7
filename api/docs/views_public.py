"""The public face of the API: its root, its OpenAPI schema and its documentation page (Swagger
UI, served from the vendored drf-spectacular-sidecar files: no CDN, the site's CSP)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView


class _Public:
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []


class ApiRoot(_Public, APIView):
    @extend_schema(
        summary="Racine de l'API v1",
        description="Les liens vers le schéma OpenAPI, la documentation et les ressources.",
        responses={
            200: inline_serializer(
                name="Racine",
                fields={
                    "schema": serializers.URLField(help_text="Schéma OpenAPI 3."),
                    "documentation": serializers.URLField(help_text="Documentation interactive."),
                    "etablissements": serializers.URLField(help_text="Établissements."),
                    "salaries": serializers.URLField(help_text="Salariés."),
                    "convocations": serializers.URLField(help_text="Convocations."),
                    "factures": serializers.URLField(help_text="Factures et avoirs."),
                    "documents": serializers.URLField(help_text="Attestations et avis."),
                    "indicateurs": serializers.URLField(
                        help_text="Indicateurs de pilotage (jeton du service)."
                    ),
                },
            )
        },
        tags=["API"],
        auth=[],
    )
    def get(self, request):
        def url(name: str) -> str:
            return reverse(f"api:{name}", request=request)

        return Response(
            {
                "schema": url("schema"),
                "documentation": url("docs"),
                "etablissements": url("establishment-list"),
                "salaries": url("worker-list"),
                "convocations": url("convocation-list"),
                "factures": url("invoice-list"),
                "documents": url("document-list"),
                "indicateurs": url("indicator-list"),
            }
        )


class Schema(_Public, SpectacularAPIView):
    pass


class Docs(_Public, SpectacularSwaggerSplitView):
    url_name = "api:schema"
    # Our page: lang="fr", a title, the layout in a static file (no inline style: CSP).
    template_name = "api/docs/swagger_ui.html"
    title = "Documentation de l'API du portail SPSTI"


class NotFound(_Public, APIView):
    """Any other path under /api/v1/: a French problem+json 404, not the site's HTML page."""

    schema = None  # not an operation of the API

    def _not_found(self, request, *args, **kwargs):
        raise exceptions.NotFound("Aucune ressource de l'API à cette adresse.")

    get = post = put = patch = delete = head = options = _not_found
