"""URLs of the forecast of medical time (back office, namespace "dashboards")."""

from django.urls import path

from dashboards.forecast import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("prevision/", views_backoffice.forecast, name="forecast"),
]
