"""URLs of the awareness area (back-office)."""

from django.urls import path

from pdp.awareness import views_backoffice as views

backoffice_patterns = [
    path("sensibilisations/", views.awareness_list, name="awareness-list"),
    path("sensibilisations/theme/", views.awareness_mark, name="awareness-mark"),
]
portal_patterns: list = []
public_patterns: list = []
