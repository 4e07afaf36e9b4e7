"""Forms of the cell reviews."""

from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReviewForm(forms.Form):
    held_on = forms.DateField(label="Date de la revue", widget=DATE)


class AddCaseForm(forms.Form):
    case = forms.ModelChoiceField(label="Dossier à inscrire", queryset=None)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"n° {c.pk} — {c.person_name}"


class AttendeesForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label="Présents", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = users


class DecisionForm(forms.Form):
    decision = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 2}))
