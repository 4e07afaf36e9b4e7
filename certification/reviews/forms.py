"""Forms of the management review."""

from django import forms
from django.utils import timezone

from spsti.forms import StyledForm


class ReviewForm(StyledForm):
    year = forms.IntegerField(label="Année revue", min_value=2020, max_value=2100)
    held_on = forms.DateField(
        label="Tenue le",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decisions = forms.CharField(label="Décisions", widget=forms.Textarea(attrs={"rows": 4}))
