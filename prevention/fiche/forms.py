"""Forms of the FE editor and of the prevention visit (shape only; rules in services/).

Sized for a tablet: large inputs (Bootstrap's -lg sizes, at least 44 px high), native date
inputs, and the camera proposed for photos.
"""

from __future__ import annotations

from django import forms

from prevention.models import PreventionVisit
from spsti.forms import StyledForm, headcount_field
from spsti.params import parse_int

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TabletForm(StyledForm):
    """Bootstrap's large inputs: touch targets of at least 44 px."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = field.widget.attrs.get("class", "")
            if "form-control" in css.split():
                field.widget.attrs["class"] = f"{css} form-control-lg"
            elif "form-select" in css.split():
                field.widget.attrs["class"] = f"{css} form-select-lg"


def _text(label: str, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class UnitEntryForm(TabletForm):
    work_unit = forms.TypedChoiceField(
        label="Unité de travail de l'établissement", coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(label="Ou nom d'une autre unité", max_length=120, required=False)
    exposed_count = headcount_field(
        "Effectif de l'unité",
        required=False,
        help_text="Laissé vide : l'effectif enregistré pour l'unité de travail.",
    )

    def __init__(self, *args, work_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].choices = [("", "—")] + [(u.pk, u.name) for u in work_units]

    def clean(self):
        data = super().clean()
        if not data.get("work_unit") and not (data.get("name") or "").strip():
            raise forms.ValidationError(
                "Choisissez une unité de travail de l'établissement ou indiquez un nom."
            )
        return data


class UnitUpdateForm(TabletForm):
    name = forms.CharField(label="Nom de l'unité", max_length=120)
    exposed_count = headcount_field("Effectif de l'unité")


class HazardEntryForm(TabletForm):
    hazard = forms.TypedChoiceField(label="Danger (thésaurus)", coerce=int)
    exposed_count = headcount_field("Salariés exposés", initial=0)
    existing_measures = _text("Mesures de prévention existantes")
    is_priority = forms.BooleanField(label="Danger prioritaire", required=False)

    def __init__(self, *args, hazard_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazard"].choices = [("", "— Choisir un danger —"), *hazard_groups]


class HazardUpdateForm(TabletForm):
    exposed_count = headcount_field("Salariés exposés")
    existing_measures = _text("Mesures de prévention existantes")
    is_priority = forms.BooleanField(label="Danger prioritaire", required=False)


class TextsForm(TabletForm):
    observations = _text("Observations de l'équipe", rows=5)
    recommendations = _text("Préconisations à l'employeur", rows=5)


class PhotoForm(TabletForm):
    photo = forms.FileField(
        label="Photo",
        help_text="JPEG, PNG ou WebP ; sur une tablette, l'appareil photo est proposé.",
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(label="Légende", max_length=200)


class VisitPlanForm(TabletForm):
    siret = forms.CharField(
        label="SIRET de l'établissement",
        min_length=14,
        max_length=14,
        help_text="14 chiffres, sans espace.",
    )
    scheduled_on = forms.DateField(label="Date prévue", widget=DATE)
    assigned_to = forms.ModelChoiceField(label="Réalisé par", queryset=None)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff
        self.fields["assigned_to"].label_from_instance = lambda u: u.get_full_name() or u.email


class VisitRecordForm(TabletForm):
    held_on = forms.DateField(label="Réalisé le", widget=DATE)
    employer_expectations = _text("Attentes de l'employeur")
    knowledge_level = forms.ChoiceField(
        label="Niveau de connaissance de l'employeur en prévention",
        choices=[("", "—"), *PreventionVisit.Knowledge.choices],
        required=False,
    )
    training_needs = _text("Besoins de formation")
    internal_summary = _text(
        "Synthèse interne pour l'équipe (jamais transmise à l'employeur)", rows=4
    )
    proposal = _text(
        "Proposition d'accompagnement (imprimée dans le courrier à l'employeur)",
        help_text="Par exemple : un échange sur un danger prioritaire. Le courrier ajoute "
        "« Afin de vous aider à avancer sur ce sujet, nous vous proposons d'échanger… ».",
    )
    restitution_mode = forms.ChoiceField(
        label="Modalité de restitution souhaitée par l'employeur",
        choices=[("", "—"), *PreventionVisit.RestitutionMode.choices],
        required=False,
    )


class VisitUnitForm(TabletForm):
    """The checklist of one unit: hazards seen, existing prevention, remarks."""

    name = forms.CharField(label="Unité de travail", max_length=120, required=False)
    work_unit_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    hazards = forms.TypedMultipleChoiceField(
        label="Dangers repérés", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    existing_prevention = _text("Prévention existante")
    remarks = _text("Remarques")

    def __init__(self, *args, hazard_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazards"].choices = list(hazard_groups)
        self.hazard_groups = hazard_groups

    @property
    def selected(self) -> set[int]:
        """The hazards ticked, as ints (bound or initial data)."""
        raw = self["hazards"].value() or []
        return {pk for pk in map(parse_int, raw) if pk is not None}


VisitUnitFormSet = forms.formset_factory(VisitUnitForm, extra=0, max_num=60, validate_max=True)
