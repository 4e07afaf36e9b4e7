"""The consent form: shape only; consents.services checks the rules."""

from __future__ import annotations

from django import forms

from adherents.models import Partner
from pdp.models import Consent, DataCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(forms.Form):
    prefix = "consent"

    partner = forms.ModelChoiceField(
        label="Partenaire de l'annuaire",
        queryset=Partner.objects.filter(is_active=True),
        required=False,
        help_text="Ou, à défaut, l'organisme destinataire ci-dessous.",
    )
    recipient = forms.CharField(label="Organisme destinataire", max_length=200, required=False)
    purpose = forms.CharField(label="Finalité de l'échange", max_length=300)
    data_categories = forms.MultipleChoiceField(
        label="Catégories de données", choices=DataCategory, widget=forms.CheckboxSelectMultiple
    )
    given_on = forms.DateField(label="Date du consentement", widget=DATE)
    proof = forms.ChoiceField(label="Preuve", choices=Consent.Proof, widget=forms.RadioSelect)
    proof_file = forms.FileField(label="Formulaire signé (PDF ou image)", required=False)


class WithdrawForm(forms.Form):
    on = forms.DateField(label="Date du retrait", widget=DATE)
