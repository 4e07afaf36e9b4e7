from rest_framework import serializers
from rest_framework.reverse import reverse

from prevention.models import DuerpVersion


class DuerpVersionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de la version.")
    number = serializers.IntegerField(read_only=True, help_text="Numéro de version.")
    published_at = serializers.DateTimeField(read_only=True, help_text="Publiée le.")
    cse_consulted_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="CSE consulté le (ou null)."
    )
    keep_until = serializers.DateField(
        read_only=True, help_text="À conserver jusqu'au (40 ans, art. L4121-3-1 et R4121-4)."
    )
    sha256 = serializers.CharField(read_only=True, help_text="Empreinte SHA-256 du contenu figé.")
    pdf = serializers.SerializerMethodField(help_text="Lien de téléchargement du PDF.")

    class Meta:
        model = DuerpVersion
        fields = ["id", "number", "published_at", "cse_consulted_on", "keep_until", "sha256", "pdf"]

    def get_pdf(self, version) -> str:
        request = self.context.get("request")
        return reverse("api:duerp-version-pdf", args=[version.pk], request=request)
