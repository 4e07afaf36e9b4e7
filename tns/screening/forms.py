"""Forms of the team's handling of a proposal of contact."""

from django import forms

from tns.models import Escalation


class ContactForm(forms.Form):
    note = forms.CharField(
        label="Note (facultative)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Suite donnée", choices=[("", "—"), *Escalation.choices])
    note = forms.CharField(
        label="Note (facultative)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
