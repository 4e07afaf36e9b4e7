"""Forms of the referential area: the file of a new version."""

from django import forms

from spsti.forms import StyledForm


class ReferentialFileForm(StyledForm):
    version = forms.CharField(label="Nom de la nouvelle version", max_length=120)
    published_on = forms.DateField(
        label="Publiée le",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label="Fichier des critères (CSV ou XLSX)",
        help_text="Colonnes : chapitre, code, libelle, niveau (1, 2 ou 3), titre_chapitre pour "
        "un chapitre absent du squelette.",
    )
