"""Follow-up documents as the employer receives them (attestations, avis): what, for whom,
when, the PDF. Never the DMST."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from api.convocations.serializers import ConvocationWorkerSerializer
from suivi_sante.enums import DocumentKind
from suivi_sante.models import FollowUpDocument


class DocumentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant du document.")
    worker = ConvocationWorkerSerializer(read_only=True, help_text="Le salarié concerné.")
    kind = serializers.ChoiceField(
        choices=DocumentKind.choices,
        read_only=True,
        help_text="Attestation de suivi, avis d'aptitude ou d'inaptitude, proposition de mesures…",
    )
    issued_at = serializers.DateTimeField(read_only=True, help_text="Émis le.")
    pdf = serializers.SerializerMethodField(help_text="Lien de téléchargement du PDF.")

    class Meta:
        model = FollowUpDocument
        fields = ["id", "worker", "kind", "issued_at", "pdf"]

    def get_pdf(self, document) -> str:
        request = self.context.get("request")
        return reverse("api:document-pdf", args=[document.pk], request=request)
