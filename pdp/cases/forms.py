"""Forms of the case pages: shape only; the services check the rules."""

from __future__ import annotations

from django import forms

from pdp.models import LiaisonMeeting
from pdp.rules import cases as rules
from pdp.rules.outcomes import OUTCOME_CHOICES
from spsti.forms import SirenField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(forms.Form):
    source = forms.ChoiceField(label="Origine du signalement", choices=rules.SOURCES)
    referrer_label = forms.CharField(
        label="Signalé par (nom, organisme)", max_length=200, required=False
    )
    reason = forms.CharField(label="Motif du signalement", widget=forms.Textarea(attrs={"rows": 4}))


class PersonReferralForm(ReferralForm):
    """The employer is given by its SIREN, not chosen in a list: a centre follows tens of
    thousands of members, and a list of them all made a 1.7 MB page (9 s on the large dataset)."""

    last_name = forms.CharField(label="Nom", max_length=100)
    first_name = forms.CharField(label="Prénom", max_length=100)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DATE)
    siren = SirenField(label="SIREN de l'employeur adhérent (facultatif)", required=False)

    field_order = ["last_name", "first_name", "birth_date", "siren", "source"]

    def __init__(self, *args, adherents, **kwargs):
        super().__init__(*args, **kwargs)
        self.adherents = adherents

    def clean_siren(self) -> str:
        """The centre's member with this SIREN in cleaned_data["adherent"] (None if empty)."""
        siren = self.cleaned_data["siren"]
        self.cleaned_data["adherent"] = None
        if not siren:
            return ""
        adherent = self.adherents.filter(siren=siren).first()
        if adherent is None:
            raise forms.ValidationError(
                f"Aucun adhérent suivi par votre centre n'a le SIREN {siren}."
            )
        self.cleaned_data["adherent"] = adherent
        return siren


class StatusForm(forms.Form):
    prefix = "status"

    status = forms.ChoiceField(label="Nouvelle étape", choices=())
    note = forms.CharField(label="Commentaire", max_length=500, required=False)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(rules.STATUSES)
        self.fields["status"].choices = [(c, labels[c]) for c in rules.allowed_targets(current)]


class FirstContactForm(forms.Form):
    prefix = "contact"

    on = forms.DateField(label="Date du premier contact", widget=DATE)


class RiskForm(forms.Form):
    prefix = "risk"

    level = forms.ChoiceField(label="Niveau de risque de désinsertion", choices=rules.RISK_LEVELS)
    method = forms.CharField(label="Méthode (grille, outil)", max_length=80)
    version = forms.CharField(label="Version de la méthode", max_length=20, required=False)


class OppositionForm(forms.Form):
    prefix = "opposition"

    opposes = forms.BooleanField(
        label="Le salarié s'oppose à la transmission des préconisations de préreprise à "
        "l'employeur et au médecin conseil (R4624-30)",
        required=False,
    )


class LiaisonForm(forms.Form):
    prefix = "liaison"

    initiative = forms.ChoiceField(label="À l'initiative de", choices=LiaisonMeeting.Initiative)
    held_on = forms.DateField(label="Date du rendez-vous", required=False, widget=DATE)
    participants = forms.CharField(label="Participants", max_length=300, required=False)
    worker_refused = forms.BooleanField(
        label="Le salarié a refusé le rendez-vous (sans conséquence pour lui)", required=False
    )


class CloseForm(forms.Form):
    prefix = "close"

    outcome = forms.ChoiceField(label="Issue du dossier", choices=OUTCOME_CHOICES)
    on = forms.DateField(label="Date de clôture", widget=DATE)


class FollowUpForm(forms.Form):
    prefix = "followup"

    outcome = forms.ChoiceField(label="Issue constatée", choices=OUTCOME_CHOICES)
    note = forms.CharField(label="Commentaire", max_length=500, required=False)
