"""Forms of the member trajectory (back-office); the rules live in the services."""

from __future__ import annotations

from django import forms

from accounts.enums import StaffRole
from adherents.models import TrajectoryTrack
from adherents.trajectory.services import NOTE_MAX_LENGTH
from spsti.forms import StyledForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StepDoneForm(StyledForm):
    done_on = forms.DateField(label="Fait le", widget=DATE_WIDGET)
    note = forms.CharField(
        label="Compte rendu",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StepSkipForm(StyledForm):
    note = forms.CharField(
        label="Motif (obligatoire)",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez pourquoi cette étape est sans objet."},
    )


class DefinitionForm(StyledForm):
    label = forms.CharField(label="Libellé", max_length=120)
    owner_role = forms.ChoiceField(label="Rôle responsable", choices=StaffRole.choices)
    target_days = forms.IntegerField(
        label="Délai cible (jours)",
        min_value=0,
        help_text="Nouvel adhérent : jours après la validation de l'adhésion. "
        "Cycle annuel : jours après le 1er janvier.",
    )
    order = forms.IntegerField(label="Ordre d'affichage", min_value=0, max_value=32767)
    is_active = forms.BooleanField(
        label="Active (ouverte aux prochains adhérents et cycles)", required=False
    )


class DefinitionCreateForm(DefinitionForm):
    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text="Identifiant stable en minuscules, chiffres et « _ » (ex. : visite_bilan).",
    )
    track = forms.ChoiceField(label="Parcours", choices=TrajectoryTrack.choices)

    field_order = ["code", "track", "label", "owner_role", "target_days", "order", "is_active"]


class PeriodForm(StyledForm):
    """The validation period of the contact indicator."""

    du = forms.DateField(label="Adhésions validées du", widget=DATE_WIDGET)
    au = forms.DateField(label="au", widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            raise forms.ValidationError("La date de début suit la date de fin.")
        return data
