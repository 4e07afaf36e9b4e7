"""Forms of the employer's declarations and of the physician's category decision (shape only)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from adherents.models import Establishment
from spsti.forms import StyledForm
from suivi_sante.enums import (
    AbsenceCause,
    AptitudeJob,
    EndReason,
    FollowUpCategory,
    IdentityStatus,
    SirRisk,
)
from suivi_sante.models import Employment, Worker
from suivi_sante.rules.hire import hire_errors
from suivi_sante.rules.nir import nir_error

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def cleaned_nir(value: str) -> str:
    """A typed NIR without its spaces, upper-cased; ValidationError (French) on a wrong key.
    Shared by the hire form and the worker import's column checks (resources_columns)."""
    nir = value.replace(" ", "").upper()
    if nir and (error := nir_error(nir)):
        raise forms.ValidationError(error)
    return nir


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
    is_exposed_biological_agents_2 = forms.BooleanField(
        label="Exposition à des agents biologiques du groupe 2",
        required=False,
        help_text=(
            "Suivi adapté : visite d'information et de prévention avant l'affectation au poste "
            "(art. R4624-18). Groupes 3 et 4 : cochez-les parmi les risques particuliers."
        ),
    )
    is_exposed_electromagnetic_fields = forms.BooleanField(
        label="Exposition à des champs électromagnétiques au-delà des valeurs limites d'exposition",
        required=False,
        help_text=(
            "Suivi adapté : visite d'information et de prévention avant l'affectation au poste "
            "(art. R4624-18)."
        ),
    )
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
        return cleaned_nir(self.cleaned_data["nir"])

    def clean(self):
        data = super().clean()
        for name, message in hire_errors(
            today=timezone.localdate(),
            birth_date=data.get("birth_date"),
            sex=data.get("sex"),
            nir=data.get("nir"),
            start_on=data.get("start_on"),
            end_on=data.get("end_on"),
            effective_work_days=data.get("effective_work_days"),
            is_pregnant=bool(data.get("is_pregnant")),
        ):
            self.add_error(name, message)
        return data


class DeclarationForm(StyledForm):
    """Correction of the current post's declaration: the hire form's own fields and checks."""

    job_title = HireForm.base_fields["job_title"]
    pcs_ese_code = HireForm.base_fields["pcs_ese_code"]
    is_night_work = HireForm.base_fields["is_night_work"]
    is_exposed_biological_agents_2 = HireForm.base_fields["is_exposed_biological_agents_2"]
    is_exposed_electromagnetic_fields = HireForm.base_fields["is_exposed_electromagnetic_fields"]
    sir_risks = HireForm.base_fields["sir_risks"]
    aptitude_jobs = HireForm.base_fields["aptitude_jobs"]


class DepartureForm(StyledForm):
    end_on = forms.DateField(label="Dernier jour dans le poste", widget=DATE_WIDGET)
    retirement = forms.BooleanField(
        label="Départ à la retraite",
        required=False,
        help_text=(
            "Un salarié suivi en SIR, maintenant ou plus tôt dans sa carrière, a droit à une "
            "visite de fin de carrière avant son départ (art. L4624-2-1)."
        ),
    )

    def departure(self) -> dict:
        """declare_departure's end date and reason from the cleaned fields."""
        retired = self.cleaned_data["retirement"]
        return {
            "end_on": self.cleaned_data["end_on"],
            "end_reason": EndReason.RETIREMENT if retired else EndReason.OTHER,
        }


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
