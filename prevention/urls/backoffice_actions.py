"""Back-office URLs of prevention: actions in the workplace (AMT) and the chemical inventory."""

from django.urls import path

from prevention.views.backoffice import actions as views

urlpatterns = [
    path("actions/", views.action_list, name="action-list"),
    path("actions/indicateurs/", views.action_indicators, name="action-indicators"),
    path("actions/adherents/<int:adherent_pk>/", views.action_member, name="action-member"),
    path(
        "actions/adherents/<int:adherent_pk>/nouvelle/",
        views.action_create,
        name="action-create",
    ),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/documents/", views.action_document_add, name="action-document-add"),
    path("actions/documents/<int:pk>/", views.action_document, name="action-document"),
    path("produits-chimiques/", views.chemical_list, name="chemical-list"),
    path("produits-chimiques/unites/<int:unit_pk>/", views.chemical_unit, name="chemical-unit"),
    path(
        "produits-chimiques/unites/<int:unit_pk>/ajouter/",
        views.chemical_create,
        name="chemical-create",
    ),
    path("produits-chimiques/<int:pk>/modifier/", views.chemical_edit, name="chemical-edit"),
    path("produits-chimiques/<int:pk>/retirer/", views.chemical_archive, name="chemical-archive"),
    path("produits-chimiques/<int:pk>/fds/", views.chemical_sds, name="chemical-sds"),
]
