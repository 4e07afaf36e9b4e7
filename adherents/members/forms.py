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


CORRECTION_NOTE = "Raison de la correction (gardée dans l'historique)"


class CorrectEndForm(EndMembershipForm):
    """The date or the reason of an ended membership, corrected: the note is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].label = "Date de fin d'adhésion corrigée"
        self.fields["note"].label = CORRECTION_NOTE
        self.fields["note"].required = True
        self.fields["note"].error_messages["required"] = "Précisez la raison de la correction."


class CancelEndForm(StyledForm):
    note = forms.CharField(
        label=CORRECTION_NOTE,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Précisez pourquoi la fin d'adhésion est annulée."},
    )
