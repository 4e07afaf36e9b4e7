"""Forms of the membership area (shape only; the rules are in services.py)."""

from django import forms

from adherents.models import Adherent
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


class EndMembershipForm(StyledForm):
    ended_on = forms.DateField(
        label="Date de fin d'adhésion",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.ChoiceField(
        label="Motif", choices=[("", "Choisissez un motif"), *Adherent.EndReason.choices]
    )
    note = forms.CharField(
        label="Précisions (courrier de démission, mise en demeure…)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
