"""Convocations as the employer sees them: who, when, which visit, its answer. Never why in
health terms, never a confidential visit (Convocation.objects.visible_to)."""

from rest_framework import serializers

from suivi_sante.enums import ConvocationStatus, VisitKind, VisitMode
from suivi_sante.models import Convocation


class ConvocationWorkerSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Identifiant du salarié.")
    last_name = serializers.CharField(help_text="Nom.")
    first_name = serializers.CharField(help_text="Prénom.")


class ConvocationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de la convocation.")
    worker = ConvocationWorkerSerializer(
        source="visit.worker", read_only=True, help_text="Le salarié convoqué."
    )
    establishment = serializers.IntegerField(
        source="establishment_id", read_only=True, help_text="Identifiant de l'établissement."
    )
    visit_kind = serializers.ChoiceField(
        source="visit.kind", choices=VisitKind.choices, read_only=True, help_text="Type de visite."
    )
    mode = serializers.ChoiceField(
        source="visit.mode",
        choices=VisitMode.choices,
        read_only=True,
        help_text="Modalité : en présentiel ou en téléconsultation.",
    )
    scheduled_at = serializers.DateTimeField(
        source="visit.scheduled_at", read_only=True, help_text="Date et heure de la visite."
    )
    status = serializers.ChoiceField(
        choices=ConvocationStatus.choices,
        read_only=True,
        help_text="Où en est la convocation (envoyée, confirmée, autre créneau demandé…).",
    )
    sent_at = serializers.DateTimeField(read_only=True, help_text="Envoyée le.")
    responded_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="Réponse de l'employeur le (ou null)."
    )
    response_note = serializers.CharField(
        read_only=True, help_text="Message de l'employeur avec sa réponse."
    )

    class Meta:
        model = Convocation
        fields = [
            "id",
            "worker",
            "establishment",
            "visit_kind",
            "mode",
            "scheduled_at",
            "status",
            "sent_at",
            "responded_at",
            "response_note",
        ]


class RescheduleSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=500,
        help_text="Vos disponibilités, pour qu'un autre créneau soit proposé (obligatoire).",
    )
