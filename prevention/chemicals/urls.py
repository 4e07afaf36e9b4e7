"""URLs of prevention's chemicals area: the chemical inventory of the member's work units, the
same pages for the member (portal) and the prevention staff (back office)."""

from django.urls import path

from prevention.chemicals import views_backoffice, views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path("produits-chimiques/", views_portal.chemical_list, name="chemical-list"),
    path(
        "produits-chimiques/unites/<int:unit_pk>/", views_portal.chemical_unit, name="chemical-unit"
    ),
    path(
        "produits-chimiques/unites/<int:unit_pk>/ajouter/",
        views_portal.chemical_create,
        name="chemical-create",
    ),
    path("produits-chimiques/<int:pk>/modifier/", views_portal.chemical_edit, name="chemical-edit"),
    path(
        "produits-chimiques/<int:pk>/retirer/",
        views_portal.chemical_archive,
        name="chemical-archive",
    ),
    path("produits-chimiques/<int:pk>/fds/", views_portal.chemical_sds, name="chemical-sds"),
]

backoffice_patterns: list = [
    path("produits-chimiques/", views_backoffice.chemical_list, name="chemical-list"),
    path(
        "produits-chimiques/unites/<int:unit_pk>/",
        views_backoffice.chemical_unit,
        name="chemical-unit",
    ),
    path(
        "produits-chimiques/unites/<int:unit_pk>/ajouter/",
        views_backoffice.chemical_create,
        name="chemical-create",
    ),
    path(
        "produits-chimiques/<int:pk>/modifier/",
        views_backoffice.chemical_edit,
        name="chemical-edit",
    ),
    path(
        "produits-chimiques/<int:pk>/retirer/",
        views_backoffice.chemical_archive,
        name="chemical-archive",
    ),
    path("produits-chimiques/<int:pk>/fds/", views_backoffice.chemical_sds, name="chemical-sds"),
]
