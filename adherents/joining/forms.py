"""Forms of the joining area (shape and field checks; the rules are in rules/joining.py and the
database checks in services/joining.py)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator

from adherents.members.forms import ConvocationPreferencesForm
from adherents.models import ContactRole, Establishment, ExistingDuerp
from adherents.rules import identifiers
from spsti.forms import StyledForm, headcount_field

HEADCOUNT_HELP = {
    "headcount_si": "Suivi individuel (SI) : vos salariés qui ne relèvent ni du SIA ni du SIR.",
    "headcount_sia": (
        "Suivi adapté (SIA) : travailleurs de nuit, de moins de 18 ans, handicapés ou titulaires "
        "d'une pension d'invalidité, femmes enceintes ou allaitantes…"
    ),
    "headcount_sir": (
        "Suivi renforcé (SIR) : postes à risques particuliers (amiante, plomb, agents "
        "cancérogènes, rayonnements ionisants, montage d'échafaudages, habilitation électrique, "
        "conduite d'engins…). En cas de doute, indiquez-le dans la description : le service "
        "vous aide à classer vos salariés."
    ),
}


class StartForm(StyledForm):
    email = forms.EmailField(
        label="Votre adresse e-mail",
        help_text="Nous y envoyons le lien personnel qui permet de reprendre la demande.",
    )


class CompanyForm(StyledForm):
    company_name = forms.CharField(label="Raison sociale", max_length=200)
    siren = forms.CharField(label="SIREN", max_length=20, help_text="9 chiffres (avis INSEE).")
    naf_code = forms.CharField(
        label="Code NAF (APE)",
        max_length=10,
        help_text="Format 43.21A, sur votre avis de situation INSEE.",
        widget=forms.TextInput(attrs={"list": "naf-codes", "autocomplete": "off"}),
    )
    legal_form = forms.CharField(
        label="Forme juridique", max_length=60, help_text="SARL, SAS, EURL, association…"
    )

    def clean_siren(self) -> str:
        if error := identifiers.siren_error(self.cleaned_data["siren"]):
            raise forms.ValidationError(error)
        return identifiers.normalize(self.cleaned_data["siren"])

    def clean_naf_code(self) -> str:
        if error := identifiers.naf_error(self.cleaned_data["naf_code"]):
            raise forms.ValidationError(error)
        return identifiers.normalize_naf(self.cleaned_data["naf_code"])


class EstablishmentForm(StyledForm):
    kind = forms.ChoiceField(label="Type", choices=Establishment.Kind.choices)
    siret = forms.CharField(label="SIRET", max_length=20, help_text="14 chiffres : SIREN + NIC.")
    name = forms.CharField(label="Nom de l'établissement", max_length=200)
    address = forms.CharField(label="Adresse", max_length=200)
    postal_code = forms.CharField(
        label="Code postal",
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", "Le code postal comporte 5 chiffres.")],
    )
    city = forms.CharField(label="Commune", max_length=80)
    opening_hours = forms.CharField(
        label="Horaires d'ouverture",
        max_length=200,
        required=False,
        help_text="Si différents de ceux de l'entreprise.",
    )

    def __init__(self, *args, kinds: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [
                (value, label) for value, label in Establishment.Kind.choices if value in kinds
            ]

    def clean_siret(self) -> str:
        if error := identifiers.siret_error(self.cleaned_data["siret"]):
            raise forms.ValidationError(error)
        return identifiers.normalize(self.cleaned_data["siret"])


class ContactForm(StyledForm):
    role = forms.ChoiceField(label="Rôle", choices=ContactRole.choices)
    first_name = forms.CharField(label="Prénom", max_length=80)
    last_name = forms.CharField(label="Nom", max_length=80)
    email = forms.EmailField(label="E-mail")
    phone = forms.CharField(label="Téléphone", max_length=20)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = [c for c in phone if c in "0123456789"]  # isdigit() takes "²"
        if len(digits) < 10 or any(c not in "0123456789 .+-" for c in phone):
            raise forms.ValidationError(
                "Numéro de téléphone invalide (10 chiffres, ex. 03 21 00 00 00)."
            )
        return phone


class PortalContactForm(ContactForm):
    establishment = forms.ModelChoiceField(
        label="Établissement (vide : toute l'entreprise)",
        queryset=Establishment.objects.none(),
        required=False,
    )

    def __init__(self, *args, establishments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishments is not None:
            self.fields["establishment"].queryset = establishments


class ActivityForm(StyledForm):
    activity_description = forms.CharField(
        label="Description de l'activité",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Métiers exercés, machines, produits utilisés : ce qui expose vos salariés.",
    )
    opening_hours = forms.CharField(
        label="Horaires d'ouverture", max_length=200, help_text="Ex. : lundi-vendredi 8h-17h."
    )
    headcount_si = headcount_field("Salariés en SI")
    headcount_sia = headcount_field("Salariés en SIA")
    headcount_sir = headcount_field("Salariés en SIR")
    # Seed 002: « L'existant en terme de prévention (DU), besoin d'aide ? » and « Besoin d'aide
    # pour la catégorisation ». A company applies here; the self-employed, who employ nobody,
    # join through the TNS offer's own form (tns.affiliations), which does not ask them.
    existing_duerp = forms.ChoiceField(
        label=(
            "Votre entreprise a-t-elle déjà son document unique d'évaluation des risques "
            "professionnels (DUERP) ?"
        ),
        choices=[("", "Choisissez une réponse"), *ExistingDuerp.choices],
        help_text=(
            "L'employeur y transcrit l'évaluation des risques de ses salariés et le tient à jour "
            "(art. R4121-1 du Code du travail)."
        ),
        error_messages={
            "required": "Indiquez si votre entreprise a déjà son document unique (DUERP).",
            "invalid_choice": "Choisissez « Oui », « Non » ou « En cours d'élaboration ».",
        },
    )
    wants_duerp_help = forms.BooleanField(
        label="Nous souhaitons l'aide du service pour établir ou mettre à jour notre DUERP",
        required=False,
    )
    wants_category_help = forms.BooleanField(
        label="Nous souhaitons de l'aide pour classer nos salariés en SI, SIA ou SIR",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in HEADCOUNT_HELP.items():
            self.fields[name].help_text = text


class PreferencesForm(ConvocationPreferencesForm):
    has_accounting_firm = forms.BooleanField(
        label="Un cabinet comptable agit pour nous (déclarations, factures)", required=False
    )
    firm_name = forms.CharField(label="Nom du cabinet", max_length=200, required=False)
    firm_siren = forms.CharField(label="SIREN du cabinet", max_length=20, required=False)
    firm_email = forms.EmailField(label="E-mail du cabinet", required=False)

    def clean_firm_siren(self) -> str:
        value = self.cleaned_data["firm_siren"]
        if value and (error := identifiers.siren_error(value)):
            raise forms.ValidationError(error)
        return identifiers.normalize(value)

    def clean(self):
        data = super().clean()
        if data.get("has_accounting_firm"):
            for name in ("firm_name", "firm_email"):
                if name in data and not data[name]:
                    self.add_error(name, "Indiquez-le, ou décochez la case du cabinet comptable.")
        return data

    def application_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "convocation_weekdays": sorted(set(data["weekdays"])),
            "convocation_half_day": data["half_day"],
            "has_accounting_firm": data["has_accounting_firm"],
            "firm_name": data["firm_name"],
            "firm_siren": data["firm_siren"],
            "firm_email": data["firm_email"].lower(),
        }


class HandoffForm(StyledForm):
    email = forms.EmailField(label="E-mail de votre collègue ou de votre cabinet comptable")


class MessageForm(StyledForm):
    message = forms.CharField(
        label="Ce que le demandeur doit corriger",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Indiquez au demandeur ce qu'il doit corriger."},
    )


class RejectForm(StyledForm):
    message = forms.CharField(
        label="Motif du refus (envoyé au demandeur)",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Le motif du refus est obligatoire."},
    )


class ValidateForm(StyledForm):
    team = forms.ModelChoiceField(label="Équipe de suivi", queryset=None, empty_label=None)
    admin_email = forms.ChoiceField(label="Compte administrateur de l'espace adhérent")

    def __init__(self, *args, teams, admin_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["admin_email"].choices = admin_choices
