"""Form of a work unit (shape only; rules in services/workunits.py)."""

from django import forms

from spsti.forms import StyledForm, headcount_field


class WorkUnitForm(StyledForm):
    name = forms.CharField(label="Nom de l'unité de travail", max_length=120)
    description = forms.CharField(
        label="Activités et postes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    headcount = headcount_field("Effectif", initial=0)
    employments = forms.ModelMultipleChoiceField(
        label="Salariés de l'unité",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, employments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employments"].queryset = employments
        self.fields["employments"].label_from_instance = lambda e: f"{e.worker} — {e.job_title}"
