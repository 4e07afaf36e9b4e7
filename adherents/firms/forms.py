"""Forms of the accounting-firm area (shape only; the rules are in services/firms.py)."""

from django import forms

from accounts.enums import MandateScope
from adherents.rules import identifiers
from spsti.forms import StyledForm


def date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def clean_siren_value(value: str) -> str:
    siren = identifiers.normalize(value)
    if error := identifiers.siren_error(siren):
        raise forms.ValidationError(error)
    return siren


class MandateGrantForm(StyledForm):
    siren = forms.CharField(
        label="SIREN du cabinet comptable",
        max_length=20,
        help_text="9 chiffres ; votre cabinet vous le communique.",
    )
    scopes = forms.MultipleChoiceField(
        label="Ce que le cabinet peut faire pour vous",
        choices=MandateScope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un périmètre."},
    )
    valid_from = forms.DateField(label="Valable à partir du", widget=date_widget())
    valid_until = forms.DateField(
        label="Jusqu'au (facultatif)", required=False, widget=date_widget()
    )

    def clean_siren(self) -> str:
        return clean_siren_value(self.cleaned_data["siren"])

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "La date de fin doit suivre la date de début.")
        return data


class FirmForm(StyledForm):
    name = forms.CharField(label="Nom du cabinet", max_length=200)
    siren = forms.CharField(label="SIREN", max_length=20)

    def clean_siren(self) -> str:
        return clean_siren_value(self.cleaned_data["siren"])


class FirmUserForm(StyledForm):
    email = forms.EmailField(label="Adresse e-mail du collaborateur")
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
