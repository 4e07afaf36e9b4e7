from rest_framework import serializers

from adherents.models import Establishment


class EstablishmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de l'établissement.")
    siret = serializers.CharField(read_only=True, help_text="SIRET (14 chiffres).")
    name = serializers.CharField(read_only=True, help_text="Nom de l'établissement.")
    kind = serializers.ChoiceField(
        choices=Establishment.Kind.choices,
        read_only=True,
        help_text="Type : siège social, établissement secondaire ou chantier.",
    )
    is_head_office = serializers.BooleanField(read_only=True, help_text="Siège social.")
    address = serializers.CharField(read_only=True, help_text="Adresse.")
    postal_code = serializers.CharField(read_only=True, help_text="Code postal.")
    city = serializers.CharField(read_only=True, help_text="Commune.")

    class Meta:
        model = Establishment
        fields = ["id", "siret", "name", "kind", "is_head_office", "address", "postal_code", "city"]
