"""The scenario of the forecast of medical time: a team of the reader's scope and three levers."""

from __future__ import annotations

from django import forms

from spsti.forms import StyledForm


class ScenarioForm(StyledForm):
    equipe = forms.TypedChoiceField(label="Équipe", coerce=int)
    delegation = forms.IntegerField(
        label="Part des visites délégables confiées aux infirmier(e)s (%)",
        min_value=0,
        max_value=100,
        help_text="Parmi les visites qu'un protocole signé permet à l'infirmier(e) d'assurer.",
    )
    teleconsultation = forms.IntegerField(
        label="Part des visites en téléconsultation (%)", min_value=0, max_value=100
    )
    fe_cadence = forms.IntegerField(
        label="Renouvellement des fiches d'entreprise (tous les … ans)",
        min_value=1,
        max_value=10,
    )

    def __init__(self, *args, teams: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipe"].choices = teams
