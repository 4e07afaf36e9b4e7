"""URLs of prevention's duerp area: back-office: the members' DUERP, edited on their behalf, and
versions. portal: the member's DUERP workspace, its versions and exports."""

from django.urls import path

from prevention.duerp import views_backoffice, views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path("duerp/", views_portal.workspace, name="duerp-workspace"),
    path("duerp/ouvrir/", views_portal.open_duerp, name="duerp-open"),
    path("duerp/effectif/", views_portal.headcount, name="duerp-headcount"),
    path("duerp/unites/ajouter/", views_portal.unit_create, name="duerp-unit-create"),
    path("duerp/risques/ajouter/", views_portal.risk_create, name="duerp-risk-create"),
    path("duerp/risques/<int:pk>/modifier/", views_portal.risk_update, name="duerp-risk-update"),
    path("duerp/risques/<int:pk>/supprimer/", views_portal.risk_delete, name="duerp-risk-delete"),
    path("duerp/actions/ajouter/", views_portal.action_create, name="duerp-action-create"),
    path(
        "duerp/actions/<int:pk>/modifier/", views_portal.action_update, name="duerp-action-update"
    ),
    path(
        "duerp/actions/<int:pk>/supprimer/", views_portal.action_delete, name="duerp-action-delete"
    ),
    path("duerp/publier/", views_portal.publish, name="duerp-publish"),
    path("duerp/versions/<int:pk>/", views_portal.version_detail, name="duerp-version-detail"),
    path("duerp/versions/<int:pk>/pdf/", views_portal.version_pdf, name="duerp-version-pdf"),
    path("duerp/versions/<int:pk>/xlsx/", views_portal.version_xlsx, name="duerp-version-xlsx"),
]

backoffice_patterns: list = [
    path("duerp/", views_backoffice.duerp_list, name="duerp-list"),
    path("duerp/<int:pk>/", views_backoffice.duerp_detail, name="duerp-detail"),
    path("duerp/<int:pk>/unites/ajouter/", views_backoffice.unit_create, name="duerp-unit-create"),
    path("duerp/<int:pk>/risques/ajouter/", views_backoffice.risk_create, name="duerp-risk-create"),
    path(
        "duerp/risques/<int:pk>/modifier/", views_backoffice.risk_update, name="duerp-risk-update"
    ),
    path(
        "duerp/risques/<int:pk>/supprimer/", views_backoffice.risk_delete, name="duerp-risk-delete"
    ),
    path(
        "duerp/<int:pk>/actions/ajouter/",
        views_backoffice.action_create,
        name="duerp-action-create",
    ),
    path(
        "duerp/actions/<int:pk>/modifier/",
        views_backoffice.action_update,
        name="duerp-action-update",
    ),
    path(
        "duerp/actions/<int:pk>/supprimer/",
        views_backoffice.action_delete,
        name="duerp-action-delete",
    ),
    path("duerp/versions/<int:pk>/", views_backoffice.version_detail, name="duerp-version-detail"),
    path("duerp/versions/<int:pk>/pdf/", views_backoffice.version_pdf, name="duerp-version-pdf"),
    path("duerp/versions/<int:pk>/xlsx/", views_backoffice.version_xlsx, name="duerp-version-xlsx"),
]
