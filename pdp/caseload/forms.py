"""Form of the caseload page."""

from __future__ import annotations

from django import forms


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        label="Seuil de saturation (dossiers ouverts)", min_value=1, max_value=500
    )
