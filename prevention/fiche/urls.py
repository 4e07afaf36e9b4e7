"""URLs of prevention's fiche area: back-office: fiche d'entreprise and the prevention visit.
portal: the member's fiches d'entreprise and prevention visit letters."""

from django.urls import path

from prevention.fiche import views_backoffice, views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path("fiches-entreprise/", views_portal.fiche_list, name="fiche-list"),
    path(
        "fiches-entreprise/<int:pk>/",
        views_portal.fiche_version_detail,
        name="fiche-version-detail",
    ),
    path(
        "fiches-entreprise/<int:pk>/pdf/", views_portal.fiche_version_pdf, name="fiche-version-pdf"
    ),
    path(
        "fiches-entreprise/<int:pk>/accuse-reception/",
        views_portal.fiche_acknowledge,
        name="fiche-acknowledge",
    ),
    path(
        "rendez-vous/<int:pk>/courrier/pdf/", views_portal.visit_letter_pdf, name="visit-letter-pdf"
    ),
]

backoffice_patterns: list = [
    path("fiches-entreprise/", views_backoffice.fiche_list, name="fiche-list"),
    path("fiches-entreprise/<int:pk>/", views_backoffice.fiche_detail, name="fiche-detail"),
    path(
        "fiches-entreprise/ouvrir/<int:establishment_pk>/",
        views_backoffice.fiche_open,
        name="fiche-open",
    ),
    path(
        "fiches-entreprise/<int:pk>/nouvelle-version/",
        views_backoffice.fiche_version_start,
        name="fiche-version-start",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/",
        views_backoffice.fiche_version_edit,
        name="fiche-version-edit",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/valider/",
        views_backoffice.fiche_version_validate,
        name="fiche-version-validate",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/transmettre/",
        views_backoffice.fiche_version_send,
        name="fiche-version-send",
    ),
    path(
        "fiches-entreprise/versions/<int:pk>/pdf/",
        views_backoffice.fiche_version_pdf,
        name="fiche-version-pdf",
    ),
    path("fiches-entreprise/photos/<int:pk>/", views_backoffice.fiche_photo, name="fiche-photo"),
]
