"""Workers as the employer sees them: identity, category, posts, what is due. Never medical
content, never the reasons the category was set (suivi_sante/perms_disclosure.py)."""

import copy

from django.utils import timezone
from rest_framework import serializers

from adherents.models import Establishment
from api.workers.selectors import EMPLOYMENT_NAMES
from suivi_sante.enums import (
    AbsenceCause,
    AptitudeJob,
    EndReason,
    FollowUpCategory,
    SirRisk,
    VisitKind,
)
from suivi_sante.models import Absence, Employment, Worker
from suivi_sante.perms_disclosure import due_article, due_reason
from suivi_sante.rules.hire import hire_errors
from suivi_sante.rules.nir import nir_error


class EmploymentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de l'emploi.")
    establishment = serializers.IntegerField(
        source="establishment_id", read_only=True, help_text="Identifiant de l'établissement."
    )
    job_title = serializers.CharField(read_only=True, help_text="Poste occupé.")
    contract = serializers.ChoiceField(
        choices=Employment.Contract.choices, read_only=True, help_text="Type de contrat."
    )
    start_on = serializers.DateField(read_only=True, help_text="Date d'embauche.")
    end_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Date de sortie (vide : en cours)."
    )
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices,
        read_only=True,
        help_text=(
            "Motif de la sortie, tel que déclaré par POST /api/v1/emplois/{id}/sortie/ : "
            "« retraite » pour un départ à la retraite (visite de fin de carrière due à un "
            "salarié suivi en SIR, maintenant ou plus tôt dans sa carrière, art. L4624-2-1) ; "
            "chaîne vide pour tout autre motif ou un motif non précisé, et pour un emploi en "
            "cours (jamais null)."
        ),
    )

    class Meta:
        model = Employment
        fields = list(EMPLOYMENT_NAMES)  # the columns the list's SQL reads for these keys


class WorkerSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant du salarié.")
    last_name = serializers.CharField(read_only=True, help_text="Nom.")
    first_name = serializers.CharField(read_only=True, help_text="Prénom.")
    birth_date = serializers.DateField(read_only=True, help_text="Date de naissance.")
    sex = serializers.ChoiceField(
        choices=Worker.Sex.choices, read_only=True, help_text="Sexe : F (femme), M (homme)."
    )
    category = serializers.ChoiceField(
        choices=FollowUpCategory.choices,
        read_only=True,
        help_text="Catégorie de suivi : SI, SIA ou SIR (jamais son motif).",
    )
    employments = EmploymentSerializer(
        source="employment_rows",
        many=True,
        read_only=True,
        help_text="Emplois chez l'adhérent, du plus récent au plus ancien.",
    )

    class Meta:
        model = Worker
        fields = ["id", "last_name", "first_name", "birth_date", "sex", "category", "employments"]


class HiredWorkerSerializer(WorkerSerializer):
    possible_duplicate = serializers.BooleanField(
        read_only=True,
        help_text=(
            "Un salarié de même identité (NIR, ou nom, prénom et date de naissance) est déjà "
            "déclaré : la fiche est créée, le service vérifiera avant de fusionner."
        ),
    )

    class Meta(WorkerSerializer.Meta):
        fields = [*WorkerSerializer.Meta.fields, "possible_duplicate"]


class HireSerializer(serializers.Serializer):
    """Déclaration d'embauche: the portal form's fields and checks (suivi_sante.rules.hire)."""

    last_name = serializers.CharField(max_length=100, help_text="Nom.")
    first_name = serializers.CharField(max_length=100, help_text="Prénom.")
    birth_date = serializers.DateField(help_text="Date de naissance (AAAA-MM-JJ).")
    sex = serializers.ChoiceField(choices=Worker.Sex.choices, help_text="F (femme) ou M (homme).")
    nir = serializers.CharField(
        max_length=21,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "NIR (numéro de sécurité sociale) : 15 caractères, clé comprise ; espaces acceptés."
        ),
    )
    establishment = serializers.PrimaryKeyRelatedField(
        queryset=Establishment.objects.none(),
        help_text="Identifiant de l'établissement d'embauche (voir /etablissements/).",
    )
    job_title = serializers.CharField(max_length=120, help_text="Poste.")
    pcs_ese_code = serializers.CharField(
        max_length=4, required=False, allow_blank=True, default="", help_text="Code PCS-ESE."
    )
    contract = serializers.ChoiceField(
        choices=Employment.Contract.choices, help_text="Type de contrat."
    )
    start_on = serializers.DateField(help_text="Date d'embauche (AAAA-MM-JJ).")
    end_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Date de fin (CDD, saisonnier)."
    )
    effective_work_days = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=366,
        help_text="Jours de travail effectif prévus (saisonnier, art. D4625-22).",
    )
    is_night_work = serializers.BooleanField(default=False, help_text="Travail de nuit.")
    is_exposed_biological_agents_2 = serializers.BooleanField(
        default=False,
        help_text=(
            "Exposition à des agents biologiques du groupe 2 : suivi individuel adapté, visite "
            "d'information et de prévention avant l'affectation au poste (art. R4624-18). Les "
            "groupes 3 et 4 se déclarent dans sir_risks (agents_biologiques_3_4)."
        ),
    )
    is_exposed_electromagnetic_fields = serializers.BooleanField(
        default=False,
        help_text=(
            "Exposition à des champs électromagnétiques au-delà des valeurs limites d'exposition : "
            "suivi individuel adapté, visite d'information et de prévention avant l'affectation "
            "au poste (art. R4624-18)."
        ),
    )
    sir_risks = serializers.ListField(
        child=serializers.ChoiceField(choices=SirRisk.choices),
        required=False,
        default=list,
        max_length=len(SirRisk.choices),
        help_text="Risques particuliers (suivi renforcé, art. R4624-23).",
    )
    aptitude_jobs = serializers.ListField(
        child=serializers.ChoiceField(choices=AptitudeJob.choices),
        required=False,
        default=list,
        max_length=len(AptitudeJob.choices),
        help_text="Postes à vérification médicale particulière.",
    )
    is_disabled = serializers.BooleanField(default=False, help_text="Travailleur handicapé (RQTH).")
    has_invalidity_pension = serializers.BooleanField(
        default=False, help_text="Titulaire d'une pension d'invalidité."
    )
    is_pregnant = serializers.BooleanField(
        default=False, help_text="Femme enceinte, venant d'accoucher ou allaitante."
    )

    def __init__(self, *args, establishments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishments is not None:
            self.fields["establishment"].queryset = establishments

    def validate_nir(self, value: str) -> str:
        nir = value.replace(" ", "").upper()
        if nir and (error := nir_error(nir)):
            raise serializers.ValidationError(error)
        return nir

    def validate(self, attrs):
        errors: dict[str, list[str]] = {}
        for name, message in hire_errors(
            today=timezone.localdate(),
            birth_date=attrs.get("birth_date"),
            sex=attrs.get("sex"),
            nir=attrs.get("nir"),
            start_on=attrs.get("start_on"),
            end_on=attrs.get("end_on"),
            effective_work_days=attrs.get("effective_work_days"),
            is_pregnant=bool(attrs.get("is_pregnant")),
        ):
            errors.setdefault(name, []).append(message)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


IDENTITY_LOCKED = (
    "L'identité du salarié est tenue par le service de santé au travail (identitovigilance) : "
    "écrivez à votre équipe pour la faire corriger."
)
# What a correction may not touch, and why (suivi_sante.workers.services_declaration).
LOCKED_FIELDS = {
    **dict.fromkeys(
        ("last_name", "first_name", "birth_date", "sex", "nir", "ins_oid", "identity_status"),
        IDENTITY_LOCKED,
    ),
    **dict.fromkeys(
        ("email", "phone"),
        "Les coordonnées personnelles du salarié sont tenues par le service, qui le convoque "
        "lui-même aux visites confidentielles (art. R4624-29, R4624-34).",
    ),
    "category": (
        "La catégorie de suivi se déduit des risques déclarés (sir_risks, aptitude_jobs, "
        "is_night_work, is_exposed_biological_agents_2, is_exposed_electromagnetic_fields) ; "
        "seul le médecin du travail peut la fixer."
    ),
    "end_on": "Une sortie se déclare par POST /api/v1/emplois/{id}/sortie/.",
}


def _correction_field(name: str) -> serializers.Field:
    """The hire's field, its checks kept, without its default: absent in a PATCH, unchanged."""
    hire_field = HireSerializer._declared_fields[name]
    kwargs = {k: copy.deepcopy(v) for k, v in hire_field._kwargs.items() if k != "default"}
    return type(hire_field)(*hire_field._args, **{**kwargs, "required": False})


class DeclarationSerializer(serializers.Serializer):
    """Correction de la déclaration du poste en cours : seuls les champs envoyés changent, avec
    les contrôles de la déclaration d'embauche ; tout autre champ est refusé."""

    job_title = _correction_field("job_title")
    pcs_ese_code = _correction_field("pcs_ese_code")
    is_night_work = _correction_field("is_night_work")
    is_exposed_biological_agents_2 = _correction_field("is_exposed_biological_agents_2")
    is_exposed_electromagnetic_fields = _correction_field("is_exposed_electromagnetic_fields")
    sir_risks = _correction_field("sir_risks")
    aptitude_jobs = _correction_field("aptitude_jobs")

    def to_internal_value(self, data):
        if isinstance(data, dict):
            refused = {
                name: [LOCKED_FIELDS.get(name, "Ce champ ne peut pas être modifié.")]
                for name in data
                if name not in self.fields
            }
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)


class PostDeclarationSerializer(serializers.ModelSerializer):
    employment = serializers.IntegerField(
        source="pk", read_only=True, help_text="Identifiant de l'emploi en cours corrigé."
    )
    job_title = serializers.CharField(read_only=True, help_text="Poste.")
    pcs_ese_code = serializers.CharField(read_only=True, help_text="Code PCS-ESE.")
    is_night_work = serializers.BooleanField(read_only=True, help_text="Travail de nuit.")
    is_exposed_biological_agents_2 = serializers.BooleanField(
        read_only=True,
        help_text="Exposition à des agents biologiques du groupe 2 déclarée (art. R4624-18).",
    )
    is_exposed_electromagnetic_fields = serializers.BooleanField(
        read_only=True,
        help_text=(
            "Exposition à des champs électromagnétiques au-delà des valeurs limites d'exposition "
            "déclarée (art. R4624-18)."
        ),
    )
    sir_risks = serializers.ListField(
        child=serializers.ChoiceField(choices=SirRisk.choices),
        read_only=True,
        help_text="Risques particuliers déclarés (art. R4624-23).",
    )
    aptitude_jobs = serializers.ListField(
        child=serializers.ChoiceField(choices=AptitudeJob.choices),
        read_only=True,
        help_text="Postes à vérification médicale particulière déclarés.",
    )

    class Meta:
        model = Employment
        fields = [
            "employment",
            "job_title",
            "pcs_ese_code",
            "is_night_work",
            "is_exposed_biological_agents_2",
            "is_exposed_electromagnetic_fields",
            "sir_risks",
            "aptitude_jobs",
        ]


class DeclaredWorkerSerializer(WorkerSerializer):
    declaration = PostDeclarationSerializer(
        read_only=True, help_text="Ce que l'employeur déclare du poste en cours, après correction."
    )

    class Meta(WorkerSerializer.Meta):
        fields = [*WorkerSerializer.Meta.fields, "declaration"]


class DepartureSerializer(serializers.Serializer):
    end_on = serializers.DateField(help_text="Dernier jour dans le poste (AAAA-MM-JJ).")
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices,
        required=False,
        allow_blank=True,
        default=EndReason.OTHER,
        help_text=(
            "Motif de la sortie : « retraite » pour un départ à la retraite (un salarié suivi en "
            "SIR, maintenant ou plus tôt dans sa carrière, doit alors passer la visite de fin de "
            "carrière, art. L4624-2-1) ; vide ou absent pour tout autre motif."
        ),
    )


class DueVisitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VisitKind.choices, help_text="Type de visite.")
    kind_label = serializers.CharField(
        source="get_kind_display", help_text="Type de visite, en toutes lettres."
    )
    due_on = serializers.DateField(help_text="À réaliser avant le (AAAA-MM-JJ).")
    is_overdue = serializers.BooleanField(help_text="Date dépassée.")
    reason = serializers.SerializerMethodField(
        help_text="Pourquoi la visite est due, en termes neutres (catégorie et date)."
    )
    article = serializers.SerializerMethodField(
        help_text="Article du code du travail qui fonde la visite (ex. R4624-10)."
    )

    def get_reason(self, due) -> str:
        # An API token acts for the employer: never the health team's explanation.
        return due_reason(due, health=False)

    def get_article(self, due) -> str:
        return due_article(due, health=False)


class AbsenceSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Identifiant de l'absence.")
    worker = serializers.IntegerField(
        source="worker_id", read_only=True, help_text="Identifiant du salarié."
    )
    cause = serializers.ChoiceField(
        choices=AbsenceCause.choices, read_only=True, help_text="Motif de l'arrêt."
    )
    start_on = serializers.DateField(read_only=True, help_text="Premier jour d'absence.")
    end_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="Dernier jour d'absence (vide : en cours)."
    )

    class Meta:
        model = Absence
        fields = ["id", "worker", "cause", "start_on", "end_on"]


class AbsenceDeclareSerializer(serializers.Serializer):
    cause = serializers.ChoiceField(choices=AbsenceCause.choices, help_text="Motif de l'arrêt.")
    start_on = serializers.DateField(help_text="Premier jour d'absence (AAAA-MM-JJ).")
    end_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Dernier jour d'absence, s'il est connu (AAAA-MM-JJ).",
    )


class ReturnSerializer(serializers.Serializer):
    return_on = serializers.DateField(help_text="Date de reprise du travail (AAAA-MM-JJ).")
