"""Invoices and credit notes of the token's member: list, PDF."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from adherents.billing import selectors
from adherents.models import Invoice
from api.errors import PdfDownloadView
from api.invoices.serializers import InvoiceSerializer
from api.schema import BAD_CURSOR, ERRORS, NOT_FOUND, PDF
from spsti.downloads import stored_file_response

VIEW = "adherents.invoice:view"


class InvoiceList(generics.ListAPIView):
    serializer_class = InvoiceSerializer
    required_codes = {"GET": (VIEW,)}
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model
            return Invoice.objects.none()
        return selectors.invoice_list(self.request.ctx, today=timezone.localdate())

    @extend_schema(
        summary="Factures et avoirs de l'adhérent",
        description="Avec le reste à payer et le statut de paiement de chaque facture.",
        responses={200: InvoiceSerializer(many=True), **BAD_CURSOR, **ERRORS},
        tags=["Factures"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class InvoicePdf(PdfDownloadView):
    required_codes = {"GET": (VIEW,)}

    @extend_schema(
        summary="PDF d'une facture",
        description="Le PDF émis, tel qu'il a été conservé (son empreinte est vérifiée).",
        responses={**PDF, **NOT_FOUND, **ERRORS},
        tags=["Factures"],
    )
    def get(self, request, pk: int):
        invoice = get_object_or_404(Invoice.objects.visible_to(request.ctx), pk=pk)
        return stored_file_response(invoice.pdf, invoice.pdf_sha256, f"{invoice.number}.pdf")
