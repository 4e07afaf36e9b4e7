"""Form of the awareness page."""

from __future__ import annotations

from django import forms


class MarkForm(forms.Form):
    meeting = forms.ModelChoiceField(label="Rencontre employeurs", queryset=None)
    theme = forms.CharField(label="Thème PDP", max_length=200)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
