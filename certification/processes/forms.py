"""Forms of the process map."""

from django import forms
from django.utils import timezone

from certification.processes.models import ProcessKind
from spsti.forms import StyledForm


class ProcessForm(StyledForm):
    code = forms.CharField(label="Code", max_length=20)
    name = forms.CharField(label="Processus", max_length=200)
    kind = forms.ChoiceField(label="Famille", choices=ProcessKind.choices)
    pilot = forms.ModelChoiceField(label="Pilote", queryset=None)
    objectives = forms.CharField(
        label="Objectifs", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicators = forms.CharField(
        label="Indicateurs", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = staff


class ProcessReviewForm(StyledForm):
    held_on = forms.DateField(
        label="Tenue le",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes = forms.CharField(label="Compte rendu", widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(
        label="Décisions", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectivesForm(StyledForm):
    objectives = forms.CharField(
        label="Objectifs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicators = forms.CharField(
        label="Indicateurs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
