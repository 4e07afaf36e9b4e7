"""Forms of the employer's declarations and of the physician's category decision (shape only)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from adherents.models import Establishment
from spsti.forms import StyledForm
from suivi_sante.enums import AbsenceCause, AptitudeJob, FollowUpCategory, IdentityStatus, SirRisk
from suivi_sante.models import Employment, Worker
from suivi_sante.rules.nir import nir_error

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HireForm(StyledForm):
    """Déclaration d'embauche: identity, post, exposures, situations."""

    last_name = forms.CharField(label="Nom", max_length=100)
    first_name = forms.CharField(label="Prénom", max_length=100)
    birth_date = forms.DateField(label="Date de naissance", widget=DATE_WIDGET)
    sex = forms.ChoiceField(label="Sexe", choices=Worker.Sex.choices)
    nir = forms.CharField(
        label="NIR (numéro de sécurité sociale)",
        max_length=21,
        required=False,
        help_text="15 caractères, clé comprise ; les espaces sont acceptés.",
    )
    establishment = forms.ModelChoiceField(
        label="Établissement", queryset=Establishment.objects.none()
    )
    job_title = forms.CharField(label="Poste", max_length=120)
    pcs_ese_code = forms.CharField(label="Code PCS-ESE", max_length=4, required=False)
    contract = forms.ChoiceField(label="Contrat", choices=Employment.Contract.choices)
    start_on = forms.DateField(label="Date d'embauche", widget=DATE_WIDGET)
    end_on = forms.DateField(
        label="Date de fin (CDD, saisonnier)", required=False, widget=DATE_WIDGET
    )
    effective_work_days = forms.IntegerField(
        label="Jours de travail effectif prévus (saisonnier)",
        required=False,
        min_value=1,
        max_value=366,
        help_text=(
            "Pour un contrat saisonnier : en dessous de 45 jours de travail effectif, des actions "
            "collectives remplacent l'examen d'aptitude (art. D4625-22)."
        ),
    )
    is_night_work = forms.BooleanField(label="Travail de nuit", required=False)
    sir_risks = forms.MultipleChoiceField(
        label="Risques particuliers (suivi renforcé, art. R4624-23)",
        choices=SirRisk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    aptitude_jobs = forms.MultipleChoiceField(
        label="Postes à vérification médicale particulière",
        choices=AptitudeJob.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_disabled = forms.BooleanField(label="Travailleur handicapé (RQTH)", required=False)
    has_invalidity_pension = forms.BooleanField(
        label="Titulaire d'une pension d'invalidité", required=False
    )
    is_pregnant = forms.BooleanField(
        label="Femme enceinte, venant d'accoucher ou allaitante", required=False
    )

    def __init__(self, *args, establishments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishments is not None:
            self.fields["establishment"].queryset = establishments

    def clean_nir(self) -> str:
        nir = self.cleaned_data["nir"].replace(" ", "").upper()
        if nir and (error := nir_error(nir)):
            raise forms.ValidationError(error)
        return nir

    def clean(self):
        data = super().clean()
        birth, start, end = data.get("birth_date"), data.get("start_on"), data.get("end_on")
        nir, sex = data.get("nir"), data.get("sex")
        if birth and birth > timezone.localdate():
            self.add_error("birth_date", "La date de naissance est dans le futur.")
        if birth and start and start < birth:
            self.add_error("start_on", "La date d'embauche précède la date de naissance.")
        if start and end and end < start:
            self.add_error("end_on", "La date de fin précède la date d'embauche.")
        days = data.get("effective_work_days")
        if days and start and end and end >= start and days > (end - start).days + 1:
            self.add_error(
                "effective_work_days",
                f"{days} jours de travail effectif dépassent la durée du contrat "
                f"({(end - start).days + 1} jours).",
            )
        if data.get("is_pregnant") and sex == Worker.Sex.MALE:
            self.add_error("is_pregnant", "Cette situation ne concerne que les femmes.")
        # The NIR carries the sex, birth year and month: a mismatch is usually a typing error.
        if nir and sex and nir[0] in "12" and nir[0] != ("1" if sex == Worker.Sex.MALE else "2"):
            self.add_error("nir", "Le premier chiffre du NIR ne correspond pas au sexe indiqué.")
        if nir and birth and nir[1:3] != f"{birth.year % 100:02d}":
            self.add_error("nir", "L'année de naissance du NIR ne correspond pas à celle saisie.")
        return data


class DepartureForm(StyledForm):
    end_on = forms.DateField(label="Dernier jour dans le poste", widget=DATE_WIDGET)


class AbsenceForm(StyledForm):
    cause = forms.ChoiceField(label="Motif", choices=AbsenceCause.choices)
    start_on = forms.DateField(label="Premier jour d'absence", widget=DATE_WIDGET)
    end_on = forms.DateField(
        label="Dernier jour d'absence (si connu)", required=False, widget=DATE_WIDGET
    )


class ReturnForm(StyledForm):
    return_on = forms.DateField(label="Date de reprise du travail", widget=DATE_WIDGET)


class CategoryForm(StyledForm):
    category = forms.ChoiceField(label="Catégorie de suivi", choices=FollowUpCategory.choices)
    periodicity_months = forms.IntegerField(
        label="Périodicité du suivi fixée par le médecin (mois)",
        required=False,
        min_value=1,
        max_value=60,
        help_text="Facultatif : plus courte que le maximum légal, jamais plus longue.",
    )
    reason = forms.CharField(
        label="Motif de la décision", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class IdentityForm(StyledForm):
    nir = forms.CharField(label="NIR (matricule INS)", max_length=21, required=False)
    ins_oid = forms.CharField(label="OID de l'INS", max_length=64, required=False)
    identity_status = forms.ChoiceField(
        label="Statut de l'identité (RNIV)", choices=IdentityStatus.choices
    )
    # To convene the worker directly for a confidential visit (R4624-29, R4624-34).
    email = forms.EmailField(label="E-mail personnel du salarié", required=False)
    phone = forms.CharField(label="Téléphone personnel du salarié", max_length=20, required=False)

    def clean_nir(self) -> str:
        nir = self.cleaned_data["nir"].replace(" ", "").upper()
        if nir and (error := nir_error(nir)):
            raise forms.ValidationError(error)
        return nir


class MergeForm(StyledForm):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
