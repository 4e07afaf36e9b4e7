"""The published versions of the token's member's DUERP: list, PDF (from the frozen snapshot)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from api.duerp.serializers import DuerpVersionSerializer
from api.errors import PdfDownloadView
from api.schema import BAD_CURSOR, ERRORS, NOT_FOUND, PDF
from prevention.duerp import services_files
from prevention.models import DuerpVersion
from spsti.downloads import file_response

VIEW = "prevention.duerp:view"


class DuerpVersionList(generics.ListAPIView):
    serializer_class = DuerpVersionSerializer
    required_codes = {"GET": (VIEW,)}
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return DuerpVersion.objects.none()
        return DuerpVersion.objects.visible_to(self.request.ctx).defer("snapshot")

    @extend_schema(
        summary="Versions publiées du DUERP",
        description="Chaque version publiée du document unique, figée et conservée 40 ans.",
        responses={200: DuerpVersionSerializer(many=True), **BAD_CURSOR, **ERRORS},
        tags=["DUERP"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DuerpVersionPdf(PdfDownloadView):
    required_codes = {"GET": (VIEW,)}

    @extend_schema(
        summary="PDF d'une version du DUERP",
        description="La version telle que publiée, rendue depuis son contenu figé.",
        responses={**PDF, **NOT_FOUND, **ERRORS},
        tags=["DUERP"],
    )
    def get(self, request, pk: int):
        return file_response(*services_files.version_pdf(request.ctx, pk))
