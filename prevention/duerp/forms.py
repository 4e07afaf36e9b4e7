"""Forms of the DUERP workspace (shape only: the service checks the grid and the PAPRIPACT)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms

from prevention.models import DuerpAction, DuerpRisk, EvaluationMatrix, Hazard
from spsti.forms import StyledForm, headcount_field
from spsti.params import int_param

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HeadcountForm(StyledForm):
    """Ouvrir le DUERP ou corriger l'effectif déclaré."""

    headcount = headcount_field(
        "Effectif de l'entreprise",
        help_text=(
            "11 salariés et plus : mise à jour au moins annuelle (R4121-2) ; 50 et plus : "
            "programme annuel de prévention (PAPRIPACT, L4121-3-1)."
        ),
    )


class WorkUnitForm(StyledForm):
    """Ajouter une unité de travail depuis le DUERP."""

    establishment = forms.ModelChoiceField(label="Établissement", queryset=None)
    name = forms.CharField(label="Nom de l'unité de travail", max_length=120)
    headcount = headcount_field("Effectif de l'unité", initial=0, help_text="0 si inconnu.")
    description = forms.CharField(
        label="Activités et postes", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, establishments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = establishments


@dataclass(frozen=True)
class FieldGroup:
    """Some fields of a form under one legend (rendered by includes/form_fields.html)."""

    legend: str
    help_text: str
    fields: list

    def visible_fields(self) -> list:
        return self.fields

    def non_field_errors(self) -> list:
        return []  # shown once, above the groups


def level_choices(labels: Iterable[str]) -> list[tuple[int, str]]:
    return [(index, f"{index} — {label}") for index, label in enumerate(labels, start=1)]


class RiskForm(StyledForm):
    """Un risque d'une unité de travail et son évaluation sur la grille du service."""

    work_unit = forms.ModelChoiceField(label="Unité de travail", queryset=None)
    hazard = forms.TypedChoiceField(label="Danger (thésaurus du service)", coerce=int)
    description = forms.CharField(
        label="Description du risque", widget=forms.Textarea(attrs={"rows": 3})
    )
    exposed_count = headcount_field("Nombre de salariés exposés", initial=0)
    # Integers on purpose: a level outside the grid reaches the service, which says why in French.
    severity = forms.IntegerField(label="Gravité")
    probability = forms.IntegerField(label="Probabilité")
    existing_measures = forms.CharField(
        label="Mesures de prévention existantes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        units,
        hazards: Iterable[Hazard],
        matrix: EvaluationMatrix,
        instance: DuerpRisk | None = None,
        **kwargs,
    ):
        if instance is not None and not kwargs.get("initial"):  # risk_form_for passes None
            kwargs.update(
                initial={
                    "work_unit": instance.work_unit_id,
                    "hazard": instance.hazard_id,
                    "description": instance.description,
                    "exposed_count": instance.exposed_count,
                    "severity": instance.severity,
                    "probability": instance.probability,
                    "existing_measures": instance.existing_measures,
                }
            )
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = units
        self.hazards = {hazard.pk: hazard for hazard in hazards}
        if instance is not None:  # a risk keeps the hazard of an older thesaurus edition
            self.hazards.setdefault(instance.hazard_id, instance.hazard)
        families: dict[str, list[tuple[int, str]]] = {}
        for hazard in self.hazards.values():
            families.setdefault(hazard.family, []).append((hazard.pk, hazard.label))
        self.fields["hazard"].choices = [("", "Choisir un danger…")] + [
            (family, sorted(items, key=lambda item: item[1]))
            for family, items in sorted(families.items())
        ]
        self.fields["severity"].widget = forms.Select(
            choices=level_choices(matrix.severity_labels), attrs={"class": "form-select"}
        )
        self.fields["probability"].widget = forms.Select(
            choices=level_choices(matrix.probability_labels), attrs={"class": "form-select"}
        )

    def groups(self) -> list[FieldGroup]:
        """Risk, its evaluation, the prevention in place: one fieldset each."""
        fields = {field.name: field for field in self.visible_fields()}
        return [
            FieldGroup("Risque", "", [fields[n] for n in ("work_unit", "hazard", "description")]),
            FieldGroup(
                "Évaluation sur la grille du service",
                "Criticité = gravité × probabilité, de 1 (le plus faible) au niveau le plus "
                "élevé de la grille.",
                [fields[n] for n in ("exposed_count", "severity", "probability")],
            ),
            FieldGroup("Prévention en place", "", [fields["existing_measures"]]),
        ]

    def clean_hazard(self) -> Hazard:
        return self.hazards[self.cleaned_data["hazard"]]


class ActionForm(StyledForm):
    """Une action de prévention planifiée (ligne du PAPRIPACT à partir de 50 salariés)."""

    title = forms.CharField(label="Action de prévention", max_length=200)
    risk = forms.ModelChoiceField(
        label="Risque traité", queryset=None, required=False, empty_label="Aucun en particulier"
    )
    cost = forms.DecimalField(
        label="Coût estimé (€)", min_value=0, max_digits=10, decimal_places=2, required=False
    )
    owner = forms.CharField(label="Responsable", max_length=120, required=False)
    deadline = forms.DateField(label="Échéance", required=False, widget=DATE_WIDGET)
    indicator = forms.CharField(label="Indicateur de suivi", max_length=200, required=False)
    done_on = forms.DateField(label="Réalisée le", required=False, widget=DATE_WIDGET)

    PAPRIPACT_FIELDS = ("cost", "owner", "deadline", "indicator")

    def __init__(self, *args, risks, papripact: bool, instance: DuerpAction | None = None, **kw):
        if instance is not None:
            kw.setdefault(
                "initial",
                {
                    "title": instance.title,
                    "risk": instance.risk_id,
                    "cost": instance.cost,
                    "owner": instance.owner,
                    "deadline": instance.deadline,
                    "indicator": instance.indicator,
                    "done_on": instance.done_on,
                },
            )
        super().__init__(*args, **kw)
        self.fields["risk"].queryset = risks
        self.fields["risk"].label_from_instance = lambda risk: f"{risk.work_unit} — {risk.hazard}"
        if papripact:
            for name in self.PAPRIPACT_FIELDS:
                field = self.fields[name]
                field.label = f"{field.label} (PAPRIPACT)"
                field.help_text = "Obligatoire à partir de 50 salariés (art. L4121-3-1)."

    def values(self) -> dict:
        """Cleaned values with blank texts as "" (the model's empty value)."""
        data = dict(self.cleaned_data)
        for name in ("owner", "indicator"):
            data[name] = data.get(name) or ""
        return data


class PublishForm(StyledForm):
    """Publier une version : elle sera figée et transmise au service."""

    cse_consulted_on = forms.DateField(
        label="Date de consultation du CSE (le cas échéant)",
        required=False,
        widget=DATE_WIDGET,
        help_text="Le CSE est consulté sur le DUERP et ses mises à jour (L2312-27).",
    )


def risk_form_for(request, duerp, risk: DuerpRisk | None = None) -> RiskForm:
    """The workspace's risk form, the same for both audiences (?unite= preselects the unit)."""
    from prevention.duerp import selectors

    initial = None
    if risk is None and (unit := int_param(request, "unite")) is not None:
        initial = {"work_unit": unit}
    return RiskForm(
        request.POST or None,
        initial=initial,
        units=selectors.member_units(duerp),
        hazards=selectors.current_hazards(),
        matrix=duerp.matrix,
        instance=risk,
    )


def action_form_for(request, duerp, action: DuerpAction | None = None) -> ActionForm:
    """The workspace's action form: PAPRIPACT fields required from 50 workers (L4121-3-1)."""
    from prevention.rules import duerp as rules

    return ActionForm(
        request.POST or None,
        risks=duerp.risks.select_related("work_unit", "hazard").order_by("work_unit__name", "pk"),
        papripact=rules.needs_papripact(duerp.headcount),
        instance=action,
    )
