"""Forms of the plan: shape only; plans.services checks the rules."""

from __future__ import annotations

from django import forms

from adherents.models import Partner
from pdp.rules.measures import KIND_CHOICES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeasureForm(forms.Form):
    prefix = "measure"

    kind = forms.ChoiceField(label="Type de mesure", choices=KIND_CHOICES)
    employer_text = forms.CharField(
        label="Aménagements proposés à l'employeur (sans diagnostic)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hours = forms.CharField(label="Horaires / temps de travail", max_length=200, required=False)
    starts_on = forms.DateField(label="À partir du", required=False, widget=DATE)


class ActionForm(forms.Form):
    prefix = "action"

    label = forms.CharField(label="Action", max_length=300)
    owner = forms.ModelChoiceField(label="Responsable", queryset=None)
    due_on = forms.DateField(label="Échéance", widget=DATE)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class PartnerRequestForm(forms.Form):
    prefix = "partner"

    partner = forms.ModelChoiceField(
        label="Partenaire", queryset=Partner.objects.filter(is_active=True)
    )
    question = forms.CharField(
        label="Question au partenaire (sans diagnostic)", widget=forms.Textarea(attrs={"rows": 3})
    )


class PartnerAnswerForm(forms.Form):
    answer = forms.CharField(label="Votre réponse", widget=forms.Textarea(attrs={"rows": 6}))
