"""Forms of the membership area (shape only; the rules are in services.py)."""

from django import forms

from adherents.members.models_notes import NOTE_MAX_LENGTH
from adherents.members.services_notes import EMPTY_TEXT, too_long_message
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


class MemberNoteForm(StyledForm):
    """A note of the service on a member; `establishments`: the member's, already read by the
    page (no query of their own). The rules, again, in services_notes.add_note."""

    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        error_messages={
            "required": EMPTY_TEXT,
            "max_length": too_long_message("%(show_value)d"),  # Django fills in the count
        },
        # The warning above the form says what a note must not hold (aria: read with the field).
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "notes-warning"}),
    )
    establishment = forms.TypedChoiceField(
        label="Établissement concerné", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, establishments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].choices = [
            ("", "Toute l'entreprise"),
            *((e.pk, e.name) for e in establishments),
        ]
