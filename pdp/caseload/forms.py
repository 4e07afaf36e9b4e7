"""Form of the caseload page."""

from __future__ import annotations

from django import forms


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        label="Seuil de saturation (dossiers ouverts)", min_value=1, max_value=500
    )


class AddMemberForm(forms.Form):
    """A member of the centre's staff holding a role of the cell (pdp.caseload.selectors)."""

    assignment = forms.ModelChoiceField(
        label="Membre de l'équipe du centre",
        queryset=None,
        empty_label="— choisir —",
        error_messages={"required": "Choisissez la personne qui rejoint la cellule."},
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        field.queryset = eligible
        field.widget.attrs["class"] = "form-select"
        field.label_from_instance = lambda a: f"{a.user} — {a.get_role_display()}"
        field.error_messages["invalid_choice"] = (
            "Cette personne n'est pas de l'équipe du centre avec un rôle de la cellule, "
            "ou en fait déjà partie."
        )
