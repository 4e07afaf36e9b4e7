"""Portal URLs of prevention: the member's DUERP workspace, its versions and exports."""

from django.urls import path

from prevention.views.portal import duerp as views

urlpatterns = [
    path("duerp/", views.workspace, name="duerp-workspace"),
    path("duerp/ouvrir/", views.open_duerp, name="duerp-open"),
    path("duerp/effectif/", views.headcount, name="duerp-headcount"),
    path("duerp/unites/ajouter/", views.unit_create, name="duerp-unit-create"),
    path("duerp/risques/ajouter/", views.risk_create, name="duerp-risk-create"),
    path("duerp/risques/<int:pk>/modifier/", views.risk_update, name="duerp-risk-update"),
    path("duerp/risques/<int:pk>/supprimer/", views.risk_delete, name="duerp-risk-delete"),
    path("duerp/actions/ajouter/", views.action_create, name="duerp-action-create"),
    path("duerp/actions/<int:pk>/modifier/", views.action_update, name="duerp-action-update"),
    path("duerp/actions/<int:pk>/supprimer/", views.action_delete, name="duerp-action-delete"),
    path("duerp/publier/", views.publish, name="duerp-publish"),
    path("duerp/versions/<int:pk>/", views.version_detail, name="duerp-version-detail"),
    path("duerp/versions/<int:pk>/pdf/", views.version_pdf, name="duerp-version-pdf"),
    path("duerp/versions/<int:pk>/xlsx/", views.version_xlsx, name="duerp-version-xlsx"),
]
