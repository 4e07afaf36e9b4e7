"""Forms of the team's handling of a proposal of contact."""

from django import forms

from tns.models import Escalation


class ContactForm(forms.Form):
    note = forms.CharField(
        label="Note (facultative)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Suite donnée",
        choices=[("", "—"), *Escalation.choices],
        help_text="L'orientation PDP ouvre un dossier dans la cellule de maintien en emploi.",
    )
    note = forms.CharField(
        label="Note (facultative)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Pour une orientation PDP, cette note est transmise à la cellule avec le "
        "signalement (sans les scores).",
    )
