"""Forms of the imports area (shape only: the file's content is checked by the service)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from adherents.imports.resources import available_kinds
from spsti.forms import StyledForm


class ImportUploadForm(StyledForm):
    kind = forms.ChoiceField(label="Données à importer")
    file = forms.FileField(
        label="Fichier",
        help_text="CSV (UTF-8 ou Windows-1252, séparateur ; ou ,) ou XLSX, première ligne = "
        "noms des colonnes du modèle.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = available_kinds()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit_mb = settings.SPSTI_UPLOAD_MAX_MB
        if upload.size > limit_mb * 1024 * 1024:
            raise forms.ValidationError(f"Le fichier dépasse {limit_mb} Mo : découpez-le.")
        return upload
