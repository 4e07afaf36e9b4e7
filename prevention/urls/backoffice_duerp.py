"""Back-office URLs of prevention: the members' DUERP, edited on their behalf, and versions."""

from django.urls import path

from prevention.views.backoffice import duerp as views

urlpatterns = [
    path("duerp/", views.duerp_list, name="duerp-list"),
    path("duerp/<int:pk>/", views.duerp_detail, name="duerp-detail"),
    path("duerp/<int:pk>/unites/ajouter/", views.unit_create, name="duerp-unit-create"),
    path("duerp/<int:pk>/risques/ajouter/", views.risk_create, name="duerp-risk-create"),
    path("duerp/risques/<int:pk>/modifier/", views.risk_update, name="duerp-risk-update"),
    path("duerp/risques/<int:pk>/supprimer/", views.risk_delete, name="duerp-risk-delete"),
    path("duerp/<int:pk>/actions/ajouter/", views.action_create, name="duerp-action-create"),
    path("duerp/actions/<int:pk>/modifier/", views.action_update, name="duerp-action-update"),
    path("duerp/actions/<int:pk>/supprimer/", views.action_delete, name="duerp-action-delete"),
    path("duerp/versions/<int:pk>/", views.version_detail, name="duerp-version-detail"),
    path("duerp/versions/<int:pk>/pdf/", views.version_pdf, name="duerp-version-pdf"),
    path("duerp/versions/<int:pk>/xlsx/", views.version_xlsx, name="duerp-version-xlsx"),
]
