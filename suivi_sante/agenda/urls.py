"""URLs of follow-up's agenda area: back-office: agenda, bookings, convocations, indicators.
portal: convocations."""

from django.urls import path

from suivi_sante.agenda import (
    views_backoffice,
    views_backoffice_booking,
    views_backoffice_slots,
    views_portal,
    views_portal_booking,
)

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path("convocations/", views_portal.convocation_list, name="convocation-list"),
    path("convocations/<int:pk>/", views_portal.convocation_detail, name="convocation-detail"),
    path("convocations/<int:pk>/pdf/", views_portal.convocation_pdf, name="convocation-pdf"),
    path(
        "convocations/<int:pk>/reponse/",
        views_portal.convocation_respond,
        name="convocation-respond",
    ),
    path(
        "convocations/<int:pk>/deplacer/",
        views_portal_booking.convocation_move,
        name="convocation-move",
    ),
    path("reserver-une-visite/", views_portal_booking.booking_list, name="booking-list"),
    path(
        "reserver-une-visite/<int:due_pk>/",
        views_portal_booking.booking_slots,
        name="booking-slots",
    ),
]

backoffice_patterns: list = [
    path("agenda/", views_backoffice_slots.agenda_week, name="agenda"),
    path("agenda/creneaux/nouveau/", views_backoffice_slots.slot_create, name="slot-create"),
    path("agenda/creneaux/modele/", views_backoffice_slots.slot_pattern, name="slot-pattern"),
    path(
        "agenda/creneaux/reservation-employeur/",
        views_backoffice_booking.slots_self_booking,
        name="slots-self-booking",
    ),
    path(
        "etablissements/<int:establishment_pk>/proposition-convocations/",
        views_backoffice.convocation_proposal,
        name="convocation-proposal",
    ),
    path("salaries/<int:worker_pk>/reserver/", views_backoffice.visit_book, name="visit-book"),
    path(
        "salaries/<int:worker_pk>/consentement-teleconsultation/",
        views_backoffice.worker_teleconsent,
        name="worker-teleconsent",
    ),
    path("visites/<int:visit_pk>/", views_backoffice.visit_detail, name="visit-detail"),
    path("visites/<int:visit_pk>/issue/", views_backoffice.visit_outcome, name="visit-outcome"),
    path(
        "visites/<int:visit_pk>/reprogrammer/", views_backoffice.visit_rebook, name="visit-rebook"
    ),
    path(
        "visites/<int:visit_pk>/accord-information-employeur/",
        views_backoffice.visit_share,
        name="visit-share",
    ),
    path(
        "convocations/a-reprogrammer/",
        views_backoffice.convocations_to_rebook,
        name="convocations-to-rebook",
    ),
    path(
        "adherents/<int:adherent_pk>/convocations/",
        views_backoffice.adherent_convocations,
        name="adherent-convocations",
    ),
    path("indicateurs-suivi/", views_backoffice.followup_indicators, name="followup-indicators"),
]
