"""Portal URLs of prevention: the member's chemical inventory."""

from django.urls import path

from prevention.views.portal import actions as views

urlpatterns = [
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
