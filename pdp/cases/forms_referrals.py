"""Referral forms from a member's request and from the health-insurance services."""

from __future__ import annotations

from django import forms

from adherents.models import Partner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestReferralForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Salarié (s'il est connu du service)", queryset=None, required=False
    )
    last_name = forms.CharField(label="Nom (sinon)", max_length=100, required=False)
    first_name = forms.CharField(label="Prénom (sinon)", max_length=100, required=False)
    sick_leave_started_on = forms.DateField(
        label="Arrêt de travail depuis le", required=False, widget=DATE
    )
    reason = forms.CharField(label="Motif du signalement", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        if not workers.exists():
            del self.fields["worker"]

    def clean(self):
        data = super().clean()
        if not data.get("worker") and not (data.get("last_name") and data.get("first_name")):
            raise forms.ValidationError("Choisissez le salarié, ou indiquez son nom et prénom.")
        return data


class InsuranceReferralForm(forms.Form):
    """The structured referral of the Assurance maladie's services (service social, médecin
    conseil), keyed in by the cell from what they send."""

    REASONS = (
        ("risk", "Risque de désinsertion professionnelle repéré"),
        ("supervised_trial", "Demande d'essai encadré"),
        ("therapeutic_part_time", "Temps partiel thérapeutique envisagé"),
        ("disability", "Démarche de reconnaissance de handicap (RQTH)"),
        ("other", "Autre"),
    )

    source = forms.ChoiceField(
        label="Service à l'origine",
        choices=(
            ("social_service", "Service social de la CPAM ou de la CARSAT"),
            ("medical_adviser", "Médecin conseil (service du contrôle médical)"),
        ),
    )
    partner = forms.ModelChoiceField(
        label="Organisme de l'annuaire",
        queryset=Partner.objects.filter(is_active=True),
        required=False,
    )
    organisation = forms.CharField(label="Organisme et interlocuteur", max_length=200)
    nir = forms.CharField(label="NIR du salarié", max_length=15, required=False)
    last_name = forms.CharField(label="Nom du salarié", max_length=100)
    first_name = forms.CharField(label="Prénom du salarié", max_length=100)
    birth_date = forms.DateField(label="Date de naissance", required=False, widget=DATE)
    employer = forms.CharField(label="Employeur (raison sociale, SIRET)", max_length=200)
    sick_leave_started_on = forms.DateField(label="Arrêt de travail depuis le", widget=DATE)
    motive = forms.ChoiceField(label="Motif", choices=REASONS)
    details = forms.CharField(
        label="Précisions", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    # TO VERIFY L315-4 CSS (enacted text and decree): transmission "sous réserve de l'accord".
    insured_agrees = forms.BooleanField(
        label="L'assuré a donné son accord à cette transmission (L315-4 CSS)"
    )
