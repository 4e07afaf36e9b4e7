"""Forms of the workshops."""

from django import forms

from tns.workshops.models import CHARTER, MAX_PARTICIPANTS


class RegisterForm(forms.Form):
    charter_accepted = forms.BooleanField(
        label="J'ai lu la charte de confidentialité et je m'engage à la respecter",
        required=True,
        error_messages={"required": "Acceptez la charte de confidentialité pour vous inscrire."},
        help_text=CHARTER,
    )


class SessionForm(forms.Form):
    title = forms.CharField(label="Thème", max_length=200)
    starts_at = forms.DateTimeField(
        label="Date et heure", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label="Lieu", max_length=200)
    capacity = forms.IntegerField(
        label=f"Places (2 à {MAX_PARTICIPANTS})",
        min_value=2,
        max_value=MAX_PARTICIPANTS,
        initial=MAX_PARTICIPANTS,
    )


class RateForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="Votre satisfaction", coerce=int, choices=[(i, f"{i} sur 5") for i in range(1, 6)]
    )
    comment = forms.CharField(
        label="Commentaire (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
