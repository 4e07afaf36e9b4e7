"""URLs of follow-up's schedule area: back-office: what is due. portal: what is due."""

from django.urls import path

from suivi_sante.schedule import views_backoffice, views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [path("visites-a-prevoir/", views_portal.due_list, name="due-list")]

backoffice_patterns: list = [
    path("echeances/en-retard/", views_backoffice.due_overdue, name="due-overdue"),
    path("echeances/a-venir/", views_backoffice.due_upcoming, name="due-upcoming"),
]
