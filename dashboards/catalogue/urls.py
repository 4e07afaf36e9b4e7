from django.urls import path

from dashboards.catalogue import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("indicateurs/", views_backoffice.catalogue_page, name="catalogue"),
]
