"""Forms of the requests inbox: shape only (adherents.requests.services* check the rules)."""

from __future__ import annotations

from django import forms

from adherents.models import (
    Partner,
    PartnerKind,
    RequestCategory,
    RequestChannel,
    RequesterKind,
    RequestStatus,
)
from spsti.forms import SirenField, StyledForm

BODY_MAX = 5000
COMMENT_MAX = 2000
DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _text(label: str, *, rows: int = 5, max_length: int = BODY_MAX, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Le champ « {label} » est obligatoire."},
        **kwargs,
    )


class MemberRequestForm(StyledForm):
    """A member writes to the service from its portal."""

    category = forms.ChoiceField(label="Catégorie", choices=RequestCategory.choices)
    subject = forms.CharField(label="Objet", max_length=200)
    body = _text("Votre demande", rows=8)


class ReplyForm(StyledForm):
    body = _text("Votre message", rows=4)


class RatingForm(StyledForm):
    score = forms.TypedChoiceField(
        label="Votre satisfaction (1 = pas du tout satisfait, 5 = très satisfait)",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une note de 1 à 5.",
            "invalid_choice": "Choisissez une note de 1 à 5.",
        },
    )
    comment = _text("Commentaire (facultatif)", rows=3, max_length=COMMENT_MAX, required=False)


class LogRequestForm(StyledForm):
    """A request received by phone or e-mail, logged by an agent for a member."""

    siren = SirenField(label="SIREN de l'adhérent")
    channel = forms.ChoiceField(
        label="Reçue par",
        choices=[(RequestChannel.PHONE, "Téléphone"), (RequestChannel.EMAIL, "E-mail")],
    )
    requester_kind = forms.ChoiceField(
        label="Demandeur",
        choices=RequesterKind.choices,
        initial=RequesterKind.EMPLOYER,
        error_messages={
            "required": "Indiquez qui a fait la demande.",
            "invalid_choice": "Indiquez qui a fait la demande : type de demandeur inconnu.",
        },
    )
    requester_name = forms.CharField(
        label="Nom du demandeur (facultatif)",
        max_length=200,
        required=False,
        help_text="Visible du seul service, jamais dans l'espace adhérent.",
    )
    category = forms.ChoiceField(label="Catégorie", choices=RequestCategory.choices)
    subject = forms.CharField(label="Objet", max_length=200)
    body = _text("Demande de l'adhérent", rows=8)


class AnswerForm(StyledForm):
    body = _text("Réponse à l'adhérent", rows=6)


class NoteForm(StyledForm):
    body = _text("Note interne (jamais visible de l'adhérent)", rows=3)


class AssignForm(StyledForm):
    assignee = forms.ModelChoiceField(label="Attribuer à", queryset=None, empty_label=None)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff
        self.fields["assignee"].label_from_instance = lambda u: u.get_full_name() or u.email


class RouteForm(StyledForm):
    partner = forms.ModelChoiceField(
        label="Partenaire",
        queryset=None,
        empty_label="Choisir un partenaire",
        error_messages={
            "required": "Choisissez un partenaire de l'annuaire.",
            "invalid_choice": "Ce partenaire n'est pas (ou plus) actif dans l'annuaire.",
        },
    )
    due_on = forms.DateField(
        label="Réponse attendue avant le",
        required=False,
        help_text="Laissez vide pour appliquer le délai de réponse du partenaire.",
        **DATE_WIDGET,
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["partner"].label_from_instance = lambda p: (
            f"{p} — {p.region or 'national'} — {p.response_days} j"
        )


class InboxFilterForm(StyledForm):
    status = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous")] + RequestStatus.choices
    )
    category = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes")] + RequestCategory.choices
    )
    channel = forms.ChoiceField(
        label="Canal", required=False, choices=[("", "Tous")] + RequestChannel.choices
    )
    requester_kind = forms.ChoiceField(
        label="Demandeur", required=False, choices=[("", "Tous")] + RequesterKind.choices
    )
    mine = forms.BooleanField(label="Attribuées à moi", required=False)
    late = forms.BooleanField(label="En retard (sans première réponse)", required=False)


class PartnerForm(StyledForm):
    name = forms.CharField(label="Nom", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=PartnerKind.choices)
    region = forms.CharField(label="Région ou département", max_length=80, required=False)
    email = forms.EmailField(
        label="E-mail", error_messages={"invalid": "Saisissez une adresse e-mail valide."}
    )
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)
    response_days = forms.IntegerField(
        label="Délai de réponse attendu (jours)",
        min_value=1,
        max_value=365,
        initial=15,
        error_messages={
            "min_value": "Le délai de réponse est d'au moins un jour.",
            "max_value": "Le délai de réponse ne peut dépasser 365 jours.",
        },
    )
    is_active = forms.BooleanField(label="Actif (proposé à la transmission)", required=False)

    @staticmethod
    def initial_of(partner: Partner) -> dict:
        fields = ("name", "kind", "region", "email", "phone", "response_days", "is_active")
        return {name: getattr(partner, name) for name in fields}


class PartnerAnswerForm(StyledForm):
    answer = _text("Votre réponse", rows=10)


class ReportPeriodForm(StyledForm):
    date_from = forms.DateField(label="Du", **DATE_WIDGET)
    date_to = forms.DateField(label="Au", **DATE_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                "La date de début doit précéder la date de fin de la période."
            )
        return data
