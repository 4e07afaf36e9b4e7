from django.urls import path

from dashboards.cockpit import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("", views_backoffice.cockpit, name="cockpit"),
    path("recalculer/", views_backoffice.recompute, name="recompute"),
    path("domaine/<slug:domain>/", views_backoffice.domain, name="domain"),
]
