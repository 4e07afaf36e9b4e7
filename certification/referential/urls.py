from django.urls import path

from certification.referential import views_backoffice as views

portal_patterns: list = []
public_patterns: list = []
backoffice_patterns = [
    path("referentiel/", views.referential_list, name="referential-list"),
    path("referentiel/<int:pk>/", views.referential_detail, name="referential-detail"),
    path("referentiel/import/", views.import_create, name="referential-import-create"),
    path("referentiel/import/<int:pk>/", views.import_detail, name="referential-import-detail"),
    path(
        "referentiel/import/<int:pk>/charger/",
        views.import_confirm,
        name="referential-import-confirm",
    ),
]
