"""The management indicators as the API shows them: the catalogue's definition, the figure over
the period and its months (aggregated counts only, never a worker), and the filters."""

from __future__ import annotations

import datetime
import re

from rest_framework import serializers
from rest_framework.reverse import reverse

from dashboards.catalogue.selectors import AGGREGATIONS, DOMAINS, UNITS
from spsti.params import DATE_MAX, DATE_MIN, INT32_MAX, parse_int

PERFORMERS = {"physician": "Médecin", "nurse": "Infirmier(e)"}
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")


class _Id(serializers.IntegerField):
    """ASCII digits within PostgreSQL's integer (spsti.params), or a French error."""

    def to_internal_value(self, data):
        value = parse_int(data)
        if value is None or value < 1:
            self.fail("invalid")
        return value


class _Month(serializers.CharField):
    """A month written AAAA-MM, read as its first day."""

    default_error_messages = {"invalid": "Mois attendu au format AAAA-MM (par exemple 2026-01)."}

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if not _MONTH.fullmatch(text):
            self.fail("invalid")
        try:
            month = datetime.date(int(text[:4]), int(text[5:]), 1)
        except ValueError:
            self.fail("invalid")
        if not DATE_MIN <= month <= DATE_MAX:
            self.fail("invalid")
        return month


class IndicatorFilterSerializer(serializers.Serializer):
    """The query string: the same filters as the management pages."""

    centre = _Id(
        required=False,
        max_value=INT32_MAX,
        help_text="Identifiant d'un centre de votre périmètre (par défaut : tout le périmètre).",
    )
    equipe = _Id(
        required=False,
        max_value=INT32_MAX,
        help_text="Identifiant d'une équipe de votre périmètre (par défaut : toutes).",
    )
    du = _Month(
        required=False,
        help_text="Premier mois, AAAA-MM (par défaut : onze mois avant le dernier).",
    )
    au = _Month(
        required=False,
        help_text="Dernier mois, AAAA-MM (par défaut : le mois en cours ; jamais au-delà).",
    )
    realise_par = serializers.ChoiceField(
        choices=list(PERFORMERS.items()),
        required=False,
        help_text="Professionnel qui a réalisé l'acte : physician (médecin) ou nurse (infirmier).",
    )


class IndicatorListFilterSerializer(IndicatorFilterSerializer):
    domaine = serializers.ChoiceField(
        choices=list(DOMAINS.items()),
        required=False,
        help_text="Domaine du catalogue : " + ", ".join(DOMAINS) + ".",
    )


def _amount(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True, read_only=True, help_text=help_text
    )


class FigureSerializer(serializers.Serializer):
    numerator = _amount("Numérateur : ce qui est compté sur la période.")
    denominator = _amount("Dénominateur (null pour un nombre, un montant ou une médiane).")
    value = _amount(
        "Valeur de l'indicateur : pourcentage (une décimale), nombre, montant en euros ou "
        "médiane en jours ; null sans donnée ou avec un dénominateur nul."
    )


class MonthFigureSerializer(FigureSerializer):
    month = serializers.DateField(read_only=True, help_text="Le mois (son premier jour).")


class BreakdownRowSerializer(FigureSerializer):
    key = serializers.CharField(read_only=True, help_text="Valeur de la ventilation.")
    label = serializers.CharField(read_only=True, help_text="Son libellé en français.")


class IndicatorSerializer(serializers.Serializer):
    id = serializers.CharField(read_only=True, help_text="Identifiant de l'indicateur.")
    url = serializers.SerializerMethodField(help_text="Lien vers le détail de l'indicateur.")
    domain = serializers.ChoiceField(
        choices=list(DOMAINS.items()), read_only=True, help_text="Domaine du catalogue."
    )
    name = serializers.CharField(read_only=True, help_text="Intitulé de l'indicateur.")
    numerator_definition = serializers.CharField(
        source="numerator", read_only=True, help_text="Ce que compte le numérateur."
    )
    denominator_definition = serializers.CharField(
        source="denominator", read_only=True, help_text="Ce que compte le dénominateur."
    )
    period_definition = serializers.CharField(
        source="period", read_only=True, help_text="Période sur laquelle l'indicateur se lit."
    )
    unit = serializers.ChoiceField(
        choices=sorted(UNITS),
        read_only=True,
        help_text="Unité : percent (%), count (nombre), euros, days (médiane en jours).",
    )
    aggregation = serializers.ChoiceField(
        choices=sorted(AGGREGATIONS),
        read_only=True,
        help_text=(
            "flow : la période additionne ses mois ; stock : état à la fin du dernier mois ; "
            "histogram : médiane des cas de la période."
        ),
    )
    higher_is_better = serializers.BooleanField(
        read_only=True, help_text="Vrai si une valeur plus haute est meilleure."
    )
    source = serializers.CharField(read_only=True, help_text="Texte ou référentiel source.")
    note = serializers.CharField(read_only=True, help_text="Remarque (réserve de lecture).")

    def get_url(self, indicator) -> str:
        return reverse(
            "api:indicator-detail", args=[indicator.id], request=self.context.get("request")
        )


class IndicatorFiguresSerializer(serializers.Serializer):
    """One indicator with its figures over the selection."""

    indicator = IndicatorSerializer(read_only=True, help_text="Définition (catalogue).")
    first_month = serializers.DateField(read_only=True, help_text="Premier mois de la période.")
    last_month = serializers.DateField(read_only=True, help_text="Dernier mois de la période.")
    figure = FigureSerializer(read_only=True, help_text="L'indicateur sur toute la période.")
    months = MonthFigureSerializer(many=True, read_only=True, help_text="Mois par mois.")
    computed_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="Fin du dernier calcul des faits mensuels (nuit), null s'il n'y en a pas.",
    )


class IndicatorDetailSerializer(IndicatorFiguresSerializer):
    breakdowns = serializers.DictField(
        child=BreakdownRowSerializer(many=True),
        read_only=True,
        help_text=(
            "Ventilations de la période : kind (nature), performer (professionnel), "
            "center (centre), team (équipe) ; chiffres agrégés seulement."
        ),
    )
