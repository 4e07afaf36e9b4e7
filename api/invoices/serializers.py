from rest_framework import serializers
from rest_framework.reverse import reverse

from adherents.models import Invoice
from adherents.rules.invoice_payment import STATUS_LABELS


class InvoiceSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de la facture.")
    kind = serializers.ChoiceField(
        choices=Invoice._meta.get_field("kind").choices,
        read_only=True,
        help_text="Nature : facture ou avoir.",
    )
    number = serializers.CharField(read_only=True, help_text="Numéro (F-2026-000001, AV-…).")
    year = serializers.IntegerField(read_only=True, help_text="Année de cotisation.")
    issued_on = serializers.DateField(read_only=True, help_text="Émise le.")
    due_on = serializers.DateField(read_only=True, help_text="Échéance.")
    total = serializers.DecimalField(
        max_digits=11, decimal_places=2, read_only=True, help_text="Montant total (€)."
    )
    balance = serializers.DecimalField(
        max_digits=11,
        decimal_places=2,
        read_only=True,
        help_text="Reste à payer (€), avoirs et paiements déduits.",
    )
    status = serializers.ChoiceField(
        choices=list(STATUS_LABELS.items()),
        read_only=True,
        help_text="Payée, partiellement payée, à payer, en retard, annulée par avoir.",
    )
    pdf = serializers.SerializerMethodField(help_text="Lien de téléchargement du PDF.")

    class Meta:
        model = Invoice
        fields = [
            "id",
            "kind",
            "number",
            "year",
            "issued_on",
            "due_on",
            "total",
            "balance",
            "status",
            "pdf",
        ]

    def get_pdf(self, invoice) -> str:
        return reverse("api:invoice-pdf", args=[invoice.pk], request=self.context.get("request"))
