"""URLs of employer meetings, satisfaction surveys and complaints (names prefixed "events-")."""

from django.urls import path

from adherents.events import views_backoffice as events_backoffice
from adherents.events import views_backoffice_complaints as events_backoffice_complaints
from adherents.events import views_backoffice_surveys as events_backoffice_surveys
from adherents.events import views_portal as events_portal
from adherents.events import views_public as events_public

meetings = events_backoffice
surveys = events_backoffice_surveys
complaints = events_backoffice_complaints

# mounted at the site root, namespace "public"
public_patterns: list = [
    path(
        "enquete-satisfaction/<str:token>/",
        events_public.survey_answer,
        name="events-survey-answer",
    ),
]

# under /espace-adherent/, namespace "portal:adherents"
portal_patterns: list = [
    path("rencontres/", events_portal.session_list, name="events-session-list"),
    path(
        "rencontres/sessions/<int:pk>/inscription/",
        events_portal.register,
        name="events-register",
    ),
    path(
        "rencontres/mes-inscriptions/",
        events_portal.registration_list,
        name="events-registration-list",
    ),
    path(
        "rencontres/inscriptions/<int:pk>/annuler/",
        events_portal.registration_cancel,
        name="events-registration-cancel",
    ),
]

# under /back-office/, namespace "backoffice:adherents"
backoffice_patterns: list = [
    path("rencontres/", meetings.meeting_list, name="events-meeting-list"),
    path("rencontres/nouvelle/", meetings.meeting_create, name="events-meeting-create"),
    path("rencontres/<int:pk>/", meetings.meeting_detail, name="events-meeting-detail"),
    path("rencontres/<int:pk>/modifier/", meetings.meeting_edit, name="events-meeting-edit"),
    path(
        "rencontres/<int:pk>/sessions/ajouter/",
        meetings.session_create,
        name="events-session-create",
    ),
    path("rencontres/sessions/<int:pk>/", meetings.session_detail, name="events-session-detail"),
    path(
        "rencontres/sessions/<int:pk>/modifier/",
        meetings.session_edit,
        name="events-session-edit",
    ),
    path(
        "rencontres/sessions/<int:pk>/annuler/",
        meetings.session_cancel,
        name="events-session-cancel",
    ),
    path(
        "rencontres/sessions/<int:pk>/presences/",
        meetings.session_attendance,
        name="events-session-attendance",
    ),
    path(
        "rencontres/sessions/<int:pk>/enquete/",
        meetings.session_survey,
        name="events-session-survey",
    ),
    path("enquetes/", surveys.survey_list, name="events-survey-list"),
    path("enquetes/nouvelle/", surveys.survey_create, name="events-survey-create"),
    path("enquetes/<int:pk>/", surveys.survey_detail, name="events-survey-detail"),
    path("enquetes/<int:pk>/modifier/", surveys.survey_edit, name="events-survey-edit"),
    path("enquetes/<int:pk>/questions/", surveys.question_add, name="events-question-add"),
    path(
        "enquetes/questions/<int:pk>/retirer/",
        surveys.question_delete,
        name="events-question-delete",
    ),
    path("enquetes/<int:pk>/envoi-annuel/", surveys.survey_yearly, name="events-survey-yearly"),
    path("enquetes/<int:pk>/inviter/", surveys.survey_invite, name="events-survey-invite"),
    path("enquetes/<int:pk>/resultats/", surveys.survey_results, name="events-survey-results"),
    path("reclamations/", complaints.complaint_list, name="events-complaint-list"),
    path("reclamations/nouvelle/", complaints.complaint_create, name="events-complaint-create"),
    path("reclamations/<int:pk>/", complaints.complaint_detail, name="events-complaint-detail"),
    path(
        "reclamations/<int:pk>/cloture/",
        complaints.complaint_close,
        name="events-complaint-close",
    ),
]
