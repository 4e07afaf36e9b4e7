"""Back-office URLs of individual follow-up: agenda, bookings, convocations, indicators."""

from django.urls import path

from suivi_sante.views.backoffice import agenda as views

urlpatterns = [
    path("agenda/", views.agenda_week, name="agenda"),
    path("agenda/creneaux/nouveau/", views.slot_create, name="slot-create"),
    path(
        "etablissements/<int:establishment_pk>/proposition-convocations/",
        views.convocation_proposal,
        name="convocation-proposal",
    ),
    path("salaries/<int:worker_pk>/reserver/", views.visit_book, name="visit-book"),
    path(
        "salaries/<int:worker_pk>/consentement-teleconsultation/",
        views.worker_teleconsent,
        name="worker-teleconsent",
    ),
    path("visites/<int:visit_pk>/", views.visit_detail, name="visit-detail"),
    path("visites/<int:visit_pk>/issue/", views.visit_outcome, name="visit-outcome"),
    path("visites/<int:visit_pk>/reprogrammer/", views.visit_rebook, name="visit-rebook"),
    path(
        "visites/<int:visit_pk>/accord-information-employeur/",
        views.visit_share,
        name="visit-share",
    ),
    path(
        "convocations/a-reprogrammer/", views.convocations_to_rebook, name="convocations-to-rebook"
    ),
    path(
        "adherents/<int:adherent_pk>/convocations/",
        views.adherent_convocations,
        name="adherent-convocations",
    ),
    path("indicateurs-suivi/", views.followup_indicators, name="followup-indicators"),
]
