"""URLs of prevention's visits area: the prevention visit in the workplace, its record, its
letter to the employer, and the FE it prepares (the member's letter PDF is on the fiche pages)."""

from django.urls import path

from prevention.visits import views_backoffice

public_patterns: list = []  # mounted at the site root

portal_patterns: list = []

backoffice_patterns: list = [
    path("rendez-vous/", views_backoffice.visit_list, name="visit-list"),
    path("rendez-vous/nouveau/", views_backoffice.visit_create, name="visit-create"),
    path("rendez-vous/<int:pk>/", views_backoffice.visit_detail, name="visit-detail"),
    path("rendez-vous/<int:pk>/compte-rendu/", views_backoffice.visit_record, name="visit-record"),
    path("rendez-vous/<int:pk>/courrier/", views_backoffice.visit_letter, name="visit-letter"),
    path(
        "rendez-vous/<int:pk>/courrier/pdf/",
        views_backoffice.visit_letter_pdf,
        name="visit-letter-pdf",
    ),
    path(
        "rendez-vous/<int:pk>/preparer-fe/",
        views_backoffice.visit_seed_fiche,
        name="visit-seed-fiche",
    ),
]
