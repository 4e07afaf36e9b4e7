"""URLs of the caseload area (back-office)."""

from django.urls import path

from pdp.caseload import views_backoffice as views

backoffice_patterns = [
    path("charge/", views.caseload, name="caseload"),
    path("charge/membres/<int:pk>/seuil/", views.member_threshold, name="member-threshold"),
    path("cellule/membres/", views.cell_members, name="cell-members"),
    path("cellule/membres/ajouter/", views.cell_member_add, name="cell-member-add"),
    path(
        "cellule/membres/<int:pk>/coordination/",
        views.cell_member_coordinator,
        name="cell-member-coordinator",
    ),
    path("cellule/membres/<int:pk>/retrait/", views.cell_member_end, name="cell-member-end"),
]
portal_patterns: list = []
public_patterns: list = []
