"""Forms of self-assessment."""

from django import forms
from django.utils import timezone

from certification.assessments.models import AssessmentStatus, Evidence
from spsti.forms import StyledForm


class CampaignForm(StyledForm):
    title = forms.CharField(label="Intitulé", max_length=200)
    referential = forms.ModelChoiceField(label="Version du référentiel", queryset=None)
    started_on = forms.DateField(
        label="Ouverte le",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, referentials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referential"].queryset = referentials


class AssessmentForm(StyledForm):
    status = forms.ChoiceField(label="Statut", choices=AssessmentStatus.choices)
    justification = forms.CharField(
        label="Justification (obligatoire si non applicable)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == AssessmentStatus.NOT_APPLICABLE
            and not (data.get("justification") or "").strip()
        ):
            self.add_error("justification", "Un critère non applicable doit être justifié.")
        return data


class EvidenceForm(StyledForm):
    label = forms.CharField(label="Élément de preuve", max_length=200, required=False)
    document = forms.ModelChoiceField(label="Document maîtrisé", queryset=None, required=False)
    live_figure = forms.ChoiceField(
        label="Ou un indicateur du portail",
        choices=[("", "—"), *Evidence.LiveFigure.choices],
        required=False,
    )

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents

    def clean(self):
        data = super().clean()
        if not data.get("document") and not data.get("live_figure"):
            raise forms.ValidationError(
                "Choisissez un document maîtrisé ou un indicateur du portail."
            )
        return data
