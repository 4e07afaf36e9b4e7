"""URLs of follow-up's protocols area: back-office: delegation protocols."""

from django.urls import path

from suivi_sante.protocols import views_backoffice

public_patterns: list = []  # mounted at the site root

portal_patterns: list = []

backoffice_patterns: list = [
    path("protocoles/", views_backoffice.protocol_list, name="protocol-list"),
    path("protocoles/nouveau/", views_backoffice.protocol_create, name="protocol-create"),
    path("protocoles/<int:pk>/", views_backoffice.protocol_detail, name="protocol-detail"),
    path("protocoles/<int:pk>/fin/", views_backoffice.protocol_end, name="protocol-end"),
]
