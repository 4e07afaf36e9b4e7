from django.urls import path

from dashboards.targets import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("cpom/", views_backoffice.cpom_page, name="cpom"),
    path("cpom/nouveau/", views_backoffice.cpom_create, name="cpom-create"),
    path("cpom/<int:pk>/cible/", views_backoffice.target_set, name="cpom-target"),
]
