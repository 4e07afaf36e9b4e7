"""Forms of the affiliation: the online joining path, the company head's joining."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from adherents.rules.identifiers import naf_error, normalize, normalize_naf, siren_error


class SelfEmployedJoinForm(forms.Form):
    siren = forms.CharField(
        label="SIREN", max_length=20, help_text="9 chiffres, sur votre avis de situation INSEE."
    )
    name = forms.CharField(label="Nom commercial ou dénomination", max_length=200)
    naf_code = forms.CharField(label="Code NAF (APE)", max_length=10, help_text="Exemple : 4322A")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse e-mail", help_text="Le lien d'activation de votre espace y est envoyé."
    )
    start_on = forms.DateField(
        label="Début souhaité de l'affiliation",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=(
            "Au plus tard dans trois mois ; l'affiliation dure un an, jusqu'au même jour de "
            "l'année suivante compris (art. D4622-27-3)."
        ),
    )
    serves_clients = forms.BooleanField(
        label="Je travaille au contact d'une clientèle (clients, patients, usagers)", required=False
    )
    no_employees = forms.BooleanField(
        label="Je certifie n'employer aucun salarié",
        required=True,
        error_messages={
            "required": "L'offre s'adresse aux travailleurs indépendants sans salarié."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("start_on", timezone.localdate())

    def clean_siren(self) -> str:
        value = normalize(self.cleaned_data["siren"])
        error = siren_error(value)
        if error:
            raise forms.ValidationError(error)
        return value

    def clean_naf_code(self) -> str:
        value = normalize_naf(self.cleaned_data["naf_code"])
        error = naf_error(value)
        if error:
            raise forms.ValidationError(error)
        return value

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
