"""Forms of controlled documents."""

from django import forms

from certification.documents.models import DocumentKind
from spsti.forms import StyledForm


class DocumentForm(StyledForm):
    reference = forms.CharField(label="Référence", max_length=40)
    title = forms.CharField(label="Titre", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=DocumentKind.choices)
    owner = forms.ModelChoiceField(label="Propriétaire", queryset=None)
    process = forms.ModelChoiceField(label="Processus", queryset=None, required=False)
    review_every_months = forms.IntegerField(
        label="Revue tous les (mois)", min_value=1, max_value=60, initial=12
    )

    def __init__(self, *args, staff=None, processes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        self.fields["process"].queryset = processes


class VersionForm(StyledForm):
    file = forms.FileField(label="Fichier de la version")
    change_note = forms.CharField(label="Nature de la modification", max_length=200, required=False)
