from django.urls import path

from dashboards.drill import views_backoffice

public_patterns: list = []
portal_patterns: list = []
backoffice_patterns: list = [
    path("detail/<slug:indicator_id>/", views_backoffice.drill, name="drill"),
]
