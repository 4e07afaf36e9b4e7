"""Forms of the membership area (shape only; the rules are in services.py)."""

from django import forms

from spsti.forms import StyledForm

WEEKDAYS = [(1, "Lundi"), (2, "Mardi"), (3, "Mercredi"), (4, "Jeudi"), (5, "Vendredi")]


class ConvocationPreferencesForm(StyledForm):
    weekdays = forms.TypedMultipleChoiceField(
        label="Jours préférés pour les visites (aucun : indifférent)",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    half_day = forms.ChoiceField(
        label="Demi-journée préférée",
        choices=[("", "Indifférent"), ("am", "Matin"), ("pm", "Après-midi")],
        required=False,
    )
