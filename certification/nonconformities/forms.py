"""Forms of the non-conformity register."""

from django import forms
from django.utils import timezone

from certification.nonconformities.models import NcSource, Severity
from spsti.forms import StyledForm

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CriterionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.referential.version} — {obj.code}"


class NonConformityForm(StyledForm):
    source = forms.ChoiceField(
        label="Origine",
        choices=[c for c in NcSource.choices if c[0] != NcSource.COMPLAINT],
    )
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(label="Constat", widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label="Gravité", choices=Severity.choices)
    detected_on = forms.DateField(label="Constatée le", initial=timezone.localdate, **DATE)
    criterion = CriterionChoice(label="Critère du référentiel", queryset=None, required=False)

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class FromComplaintForm(StyledForm):
    severity = forms.ChoiceField(label="Gravité", choices=Severity.choices)
    criterion = CriterionChoice(label="Critère du référentiel", queryset=None, required=False)
    description = forms.CharField(
        label="Constat (par défaut, la description de la réclamation)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class CauseForm(StyledForm):
    cause_analysis = forms.CharField(
        label="Analyse des causes", widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(StyledForm):
    description = forms.CharField(
        label="Action corrective", widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(label="Responsable", queryset=None)
    due_on = forms.DateField(label="Échéance", **DATE)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff


class DoneForm(StyledForm):
    done_on = forms.DateField(label="Réalisée le", initial=timezone.localdate, **DATE)


class CheckForm(StyledForm):
    is_effective = forms.TypedChoiceField(
        label="Efficace ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
    )
    note = forms.CharField(label="Vérification de l'efficacité", max_length=2000)
