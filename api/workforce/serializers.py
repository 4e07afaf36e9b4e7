from rest_framework import serializers

from adherents.models import WorkforceDeclaration
from adherents.workforce.models import COMPANY_HEADS_MAX
from spsti.forms import HEADCOUNT_MAX

COUNT_ERRORS = {
    "min_value": "Un effectif ne peut pas être négatif.",
    "max_value": "Un effectif ne peut pas dépasser 1 000 000 salariés.",
}


def _count(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, max_value=HEADCOUNT_MAX, error_messages=COUNT_ERRORS, help_text=help_text
    )


COMPANY_HEADS_HELP = (
    "Dirigeants de l'entreprise (non salariés) qui souhaitent bénéficier du suivi proposé à ses "
    "salariés (art. L4621-4 du Code du travail) ; 0 par défaut."
)


class HeadcountSerializer(serializers.Serializer):
    si = _count("Salariés en suivi individuel (SI).")
    sia = _count("Salariés en suivi individuel adapté (SIA).")
    sir = _count("Salariés en suivi individuel renforcé (SIR).")
    company_heads = serializers.IntegerField(
        min_value=0,
        max_value=COMPANY_HEADS_MAX,
        default=0,
        error_messages={
            "min_value": "Un nombre de dirigeants ne peut pas être négatif.",
            "max_value": f"Un établissement ne déclare pas plus de {COMPANY_HEADS_MAX} dirigeants.",
        },
        help_text=COMPANY_HEADS_HELP,
    )


class DeclarationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de la déclaration.")
    establishment = serializers.IntegerField(
        source="establishment_id", read_only=True, help_text="Identifiant de l'établissement."
    )
    year = serializers.IntegerField(
        source="campaign.year", read_only=True, help_text="Année de la campagne."
    )
    version = serializers.IntegerField(read_only=True, help_text="Version (1 : la première).")
    si = serializers.IntegerField(source="headcount_si", read_only=True, help_text="Effectif SI.")
    sia = serializers.IntegerField(
        source="headcount_sia", read_only=True, help_text="Effectif SIA."
    )
    sir = serializers.IntegerField(
        source="headcount_sir", read_only=True, help_text="Effectif SIR."
    )
    company_heads = serializers.IntegerField(read_only=True, help_text=COMPANY_HEADS_HELP)
    submitted_at = serializers.DateTimeField(read_only=True, help_text="Déclarée le.")
    late = serializers.BooleanField(
        read_only=True, help_text="Déclarée après la clôture de la campagne (« hors délai »)."
    )

    class Meta:
        model = WorkforceDeclaration
        fields = [
            "id",
            "establishment",
            "year",
            "version",
            "si",
            "sia",
            "sir",
            "company_heads",
            "submitted_at",
            "late",
        ]
