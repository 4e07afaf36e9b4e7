"""Forms of the DMST, of follow-up documents and of delegation protocols (shape only)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from spsti.forms import bound_fields
from suivi_sante.dmst.selectors import worker_visits
from suivi_sante.enums import DocumentKind, SirRisk, StaffingHypothesis, VisitKind
from suivi_sante.models import Dmst, MedicalNote, Worker
from suivi_sante.rules import delegation
from suivi_sante.rules.kinds import VisitKind as RuleKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 4})


class _StyledForm(forms.Form):
    """Bootstrap classes on the widgets; checkboxes and radios keep theirs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_fields(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class _VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_kind_display()} du {timezone.localtime(obj.held_at):%d/%m/%Y}"


class _NoteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        excerpt = obj.body if len(obj.body) <= 50 else f"{obj.body[:50]}…"
        written_at = timezone.localtime(obj.written_at)
        return f"{obj.get_kind_display()} du {written_at:%d/%m/%Y %H:%M} — {excerpt}"


class NoteForm(_StyledForm):
    """A new note of the record; to correct a note, write a new one pointing to it."""

    kind = forms.ChoiceField(label="Nature", choices=MedicalNote.Kind.choices)
    body = forms.CharField(label="Texte", widget=TEXTAREA, max_length=20000)
    visit = _VisitChoiceField(
        label="Visite concernée", queryset=None, required=False, empty_label="Aucune"
    )
    corrects = _NoteChoiceField(
        label="Corrige la note", queryset=None, required=False, empty_label="Aucune"
    )

    def __init__(self, *args, worker: Worker, dmst: Dmst | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = worker_visits(worker)
        self.fields["corrects"].queryset = MedicalNote.objects.filter(dmst=dmst).order_by(
            "-written_at"
        )


class ExposureForm(_StyledForm):
    """A current or past exposure (R4624-45-3)."""

    agent = forms.CharField(label="Agent ou situation", max_length=200)
    sir_risk = forms.ChoiceField(
        label="Risque SIR (R4624-23)",
        choices=[("", "Aucun"), *SirRisk.choices],
        required=False,
    )
    started_on = forms.DateField(label="Depuis le", widget=DATE_WIDGET)
    ended_on = forms.DateField(
        label="Jusqu'au (vide si en cours)", required=False, widget=DATE_WIDGET
    )
    description = forms.CharField(label="Description", widget=TEXTAREA, required=False)


class MeasurementForm(_StyledForm):
    """A measurement taken at a visit."""

    label = forms.CharField(label="Mesure", max_length=80, help_text="Poids, tension, audiométrie…")
    value = forms.DecimalField(label="Valeur", max_digits=8, decimal_places=2)
    unit = forms.CharField(label="Unité", max_length=20)
    measured_on = forms.DateField(label="Mesurée le", widget=DATE_WIDGET)
    visit = _VisitChoiceField(
        label="Visite concernée", queryset=None, required=False, empty_label="Aucune"
    )

    def __init__(self, *args, worker: Worker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = worker_visits(worker)


class IssueDocumentForm(_StyledForm):
    """What the professional writes on the document: for the employer, never a diagnosis."""

    kind = forms.ChoiceField(label="Document", choices=DocumentKind.choices)
    next_visit_on = forms.DateField(
        label="Prochaine visite au plus tard le", required=False, widget=DATE_WIDGET
    )
    conclusions = forms.CharField(
        label="Conclusions (avis d'inaptitude)", widget=TEXTAREA, required=False, max_length=4000
    )
    indications = forms.CharField(
        label="Indications relatives au reclassement",
        widget=TEXTAREA,
        required=False,
        max_length=4000,
    )
    measures = forms.CharField(
        label="Mesures proposées", widget=TEXTAREA, required=False, max_length=4000
    )
    post_study_on = forms.DateField(
        label="Étude de poste réalisée le", required=False, widget=DATE_WIDGET
    )
    employer_exchange_on = forms.DateField(
        label="Échange avec l'employeur le", required=False, widget=DATE_WIDGET
    )


class DelegableKindsField(forms.MultipleChoiceField):
    """Checkboxes of the delegable kinds; a physician-only kind gets a French refusal."""

    widget = forms.CheckboxSelectMultiple

    def validate(self, value) -> None:
        refused = [
            kind
            for kind in value
            if kind in VisitKind.values and not delegation.nurse_may_hold(RuleKind(kind))
        ]
        if refused:
            labels = ", ".join(VisitKind(kind).label for kind in refused)
            raise ValidationError(
                f"Ne peut pas être délégué : {labels}. L'EMAE, le renouvellement de l'examen "
                "d'aptitude SIR et la visite de fin de carrière restent au médecin du travail "
                "(R4623-14).",
                code="physician_only",
            )
        super().validate(value)


class ProtocolForm(_StyledForm):
    """A written delegation protocol (R4623-14); the signer is the physician who submits it."""

    title = forms.CharField(label="Intitulé", max_length=200)
    team = forms.ModelChoiceField(label="Équipe", queryset=None)
    delegated_kinds = DelegableKindsField(
        label="Visites déléguées",
        choices=[(k.value, k.label) for k in VisitKind if delegation.nurse_may_hold(RuleKind(k))],
    )
    conditions = forms.CharField(label="Conditions de la délégation", widget=TEXTAREA)
    referral_cases = forms.CharField(label="Cas d'orientation vers le médecin", widget=TEXTAREA)
    staffing_hypothesis = forms.ChoiceField(
        label="Hypothèse d'effectif", choices=StaffingHypothesis.choices, widget=forms.RadioSelect
    )
    cmt_approved_on = forms.DateField(label="Approuvé par la CMT le", widget=DATE_WIDGET)
    valid_from = forms.DateField(label="Valable du", widget=DATE_WIDGET)
    valid_until = forms.DateField(
        label="Valable jusqu'au (vide : sans terme)", required=False, widget=DATE_WIDGET
    )
    named_professionals = forms.ModelMultipleChoiceField(
        label="Autres professionnels désignés",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Ils pourront consulter le DMST des salariés de l'équipe.",
    )

    def __init__(self, *args, teams, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["named_professionals"].queryset = professionals

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "La fin de validité précède son début.")
        return data
