"""Attestations and avis of the token's member's workers: metadata and PDF."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from api.documents.serializers import DocumentSerializer
from api.errors import PdfDownloadView
from api.schema import BAD_CURSOR, ERRORS, NOT_FOUND, PDF
from spsti.downloads import stored_file_response
from suivi_sante.models import FollowUpDocument

VIEW = "suivi_sante.document:view"


class DocumentList(generics.ListAPIView):
    serializer_class = DocumentSerializer
    required_codes = {"GET": (VIEW,)}
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return FollowUpDocument.objects.none()
        return FollowUpDocument.objects.visible_to(self.request.ctx).select_related("worker")

    @extend_schema(
        summary="Attestations et avis des salariés",
        description="Les documents de suivi publiés à l'employeur ; jamais le dossier médical.",
        responses={200: DocumentSerializer(many=True), **BAD_CURSOR, **ERRORS},
        tags=["Documents"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DocumentPdf(PdfDownloadView):
    required_codes = {"GET": (VIEW,)}

    @extend_schema(
        summary="PDF d'une attestation ou d'un avis",
        description="Le PDF émis, tel qu'il a été conservé (son empreinte est vérifiée).",
        responses={**PDF, **NOT_FOUND, **ERRORS},
        tags=["Documents"],
    )
    def get(self, request, pk: int):
        document = get_object_or_404(
            FollowUpDocument.objects.visible_to(request.ctx).select_related("worker"), pk=pk
        )
        name = f"{document.kind}-{document.worker.last_name}-{document.issued_at:%Y%m%d}.pdf"
        return stored_file_response(document.pdf, document.sha256, name)
