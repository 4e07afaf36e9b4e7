"""Forms of employer meetings, satisfaction surveys and complaints: shape only (the services of
adherents/services/events*.py check the rules). The survey answer page is built from the
survey's questions in its template, and checked by adherents.rules.events.clean_answers."""

from __future__ import annotations

from django import forms

from adherents.models import Complaint, ComplaintStatus, MeetingFormat, QuestionKind, SurveyKind
from spsti.forms import StyledForm

DATE_WIDGET = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
DATETIME_WIDGET = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
}
SESSION_CAPACITY_MAX = 1000


class MeetingForm(StyledForm):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Programme",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    format = forms.ChoiceField(label="Format", choices=MeetingFormat.choices)
    is_published = forms.BooleanField(
        label="Ouverte aux inscriptions des adhérents", required=False, initial=True
    )


class SessionForm(StyledForm):
    starts_at = forms.DateTimeField(label="Début", **DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label="Fin", **DATETIME_WIDGET)
    place = forms.CharField(
        label="Lieu", required=False, max_length=200, help_text="Pour une rencontre en présentiel."
    )
    video_url = forms.URLField(
        label="Lien de visioconférence",
        required=False,
        assume_scheme="https",
        help_text="Pour une rencontre à distance (adresse commençant par https://).",
    )
    capacity = forms.IntegerField(
        label="Nombre de places",
        min_value=1,
        max_value=SESSION_CAPACITY_MAX,
        error_messages={
            "min_value": "Une session compte au moins une place.",
            "max_value": f"Une session compte au plus {SESSION_CAPACITY_MAX} places.",
        },
    )

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "La fin de la session doit être après son début.")
        return data


class RegistrationForm(StyledForm):
    attendee_name = forms.CharField(label="Nom et prénom de la personne", max_length=160)
    attendee_email = forms.EmailField(label="E-mail de la personne", max_length=254)


class SurveyForm(StyledForm):
    title = forms.CharField(label="Titre", max_length=200)
    kind = forms.ChoiceField(label="Type d'enquête", choices=SurveyKind.choices)
    is_active = forms.BooleanField(
        label="Active (accepte des réponses)", required=False, initial=True
    )


class QuestionForm(StyledForm):
    text = forms.CharField(label="Question", max_length=300)
    kind = forms.ChoiceField(label="Type de réponse", choices=QuestionKind.choices)
    required = forms.BooleanField(label="Réponse obligatoire", required=False, initial=True)


class SessionSurveyForm(StyledForm):
    """Which event survey to send to the people noted present at a session."""

    survey = forms.ModelChoiceField(label="Enquête à envoyer", queryset=None, empty_label=None)

    def __init__(self, *args, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys


class InviteForm(StyledForm):
    """Invite one person of a member (e.g. a new member) to answer a survey."""

    siren = forms.CharField(label="SIREN de l'adhérent", max_length=11)
    email = forms.EmailField(label="E-mail de la personne")
    context_label = forms.CharField(
        label="Objet",
        max_length=200,
        required=False,
        help_text="Rappelé dans l'e-mail, par exemple « Visite du 12/03/2026 ».",
    )


class ComplaintForm(StyledForm):
    siren = forms.CharField(
        label="SIREN de l'adhérent",
        max_length=11,
        required=False,
        help_text="Facultatif : laissez vide si la réclamation ne vient pas d'un adhérent.",
    )
    received_on = forms.DateField(label="Reçue le", **DATE_WIDGET)
    channel = forms.ChoiceField(label="Canal", choices=Complaint._meta.get_field("channel").choices)
    subject = forms.CharField(label="Objet", max_length=200)
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class ComplaintHandleForm(StyledForm):
    status = forms.ChoiceField(
        label="Statut",
        choices=[
            (ComplaintStatus.OPEN, ComplaintStatus.OPEN.label),
            (ComplaintStatus.IN_PROGRESS, ComplaintStatus.IN_PROGRESS.label),
        ],
    )
    handling = forms.CharField(
        label="Traitement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text="Obligatoire pour clore la réclamation.",
    )
    corrective_action = forms.CharField(
        label="Action corrective",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


class ComplaintFilterForm(StyledForm):
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *ComplaintStatus.choices], required=False
    )
    since = forms.DateField(label="Reçues depuis le", required=False, **DATE_WIDGET)
    until = forms.DateField(label="Reçues jusqu'au", required=False, **DATE_WIDGET)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "La fin de la période doit suivre son début.")
        return data
