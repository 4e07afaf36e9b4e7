"""URLs of prevention's actions area: back-office: actions in the workplace (AMT) and the chemical
inventory. portal: the member's chemical inventory."""

from django.urls import path

from prevention.actions import views_backoffice, views_portal

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
    path("actions/", views_backoffice.action_list, name="action-list"),
    path("actions/indicateurs/", views_backoffice.action_indicators, name="action-indicators"),
    path(
        "actions/adherents/<int:adherent_pk>/", views_backoffice.action_member, name="action-member"
    ),
    path(
        "actions/adherents/<int:adherent_pk>/nouvelle/",
        views_backoffice.action_create,
        name="action-create",
    ),
    path("actions/<int:pk>/", views_backoffice.action_detail, name="action-detail"),
    path(
        "actions/<int:pk>/documents/",
        views_backoffice.action_document_add,
        name="action-document-add",
    ),
    path("actions/documents/<int:pk>/", views_backoffice.action_document, name="action-document"),
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
