"""Forms of actions in the workplace: shape only (services check the rules)."""

from __future__ import annotations

from django import forms

from prevention.models import PreventionAction
from spsti.forms import StyledForm

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type by its bytes, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


DOCUMENTS_HELP = (
    "PDF, JPEG, PNG, WebP, Excel (XLSX) ou Word (DOCX) ; {max_mb} Mo au plus par fichier."
)


class ActionForm(StyledForm):
    """An action done at a member's: kind, where, when, how long, what."""

    kind = forms.ChoiceField(label="Type d'action", choices=PreventionAction.Kind.choices)
    establishment = forms.ModelChoiceField(
        label="Établissement",
        queryset=None,
        required=False,
        empty_label="Tout l'adhérent (non précisé)",
    )
    performed_on = forms.DateField(label="Réalisée le", **DATE_WIDGET)
    duration_minutes = forms.IntegerField(
        label="Temps passé (en minutes)",
        min_value=1,
        error_messages={"min_value": "Le temps passé doit être d'au moins une minute."},
        help_text="Préparation et restitution comprises, en minutes (1 h 30 = 90).",
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    documents = MultipleFileField(label="Documents joints", required=False)

    def __init__(self, *args, establishments, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = establishments
        self.fields["documents"].help_text = DOCUMENTS_HELP.format(max_mb=max_mb)


class DocumentForm(StyledForm):
    documents = MultipleFileField(label="Documents à joindre")

    def __init__(self, *args, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].help_text = DOCUMENTS_HELP.format(max_mb=max_mb)


class ActionFilterForm(StyledForm):
    """Filters of the centre's list of actions (all optional)."""

    kind = forms.ChoiceField(
        label="Type d'action",
        choices=[("", "Tous les types"), *PreventionAction.Kind.choices],
        required=False,
    )
    member = forms.CharField(label="Adhérent (nom ou SIREN)", required=False, max_length=100)
    since = forms.DateField(label="Du", required=False, **DATE_WIDGET)
    until = forms.DateField(label="Au", required=False, **DATE_WIDGET)

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("La date de début de la période suit sa date de fin.")
        return data
