"""URLs of the caseload area (back-office)."""

from django.urls import path

from pdp.caseload import views_backoffice as views

backoffice_patterns = [
    path("charge/", views.caseload, name="caseload"),
    path("charge/membres/<int:pk>/seuil/", views.member_threshold, name="member-threshold"),
]
portal_patterns: list = []
public_patterns: list = []
