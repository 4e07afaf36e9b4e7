"""URLs of follow-up's workers area: back-office: workers, category decisions, duplicates. portal:
workers and the employer's declarations."""

from django.urls import path

from suivi_sante.workers import views_backoffice, views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path("salaries/", views_portal.worker_list, name="worker-list"),
    path("salaries/embauche/", views_portal.worker_hire, name="worker-hire"),
    path("salaries/<int:pk>/", views_portal.worker_detail, name="worker-detail"),
    path("salaries/<int:pk>/modifier/", views_portal.worker_update, name="worker-update"),
    path("salaries/<int:pk>/absences/", views_portal.absence_create, name="absence-create"),
    path("emplois/<int:pk>/sortie/", views_portal.employment_end, name="employment-end"),
    path("absences/<int:pk>/reprise/", views_portal.absence_return, name="absence-return"),
]

backoffice_patterns: list = [
    path("salaries/", views_backoffice.worker_list, name="worker-list"),
    path("salaries/doublons/", views_backoffice.duplicate_list, name="duplicate-list"),
    path("salaries/fusion/", views_backoffice.worker_merge, name="worker-merge"),
    path("salaries/<int:pk>/", views_backoffice.worker_detail, name="worker-detail"),
    path("salaries/<int:pk>/categorie/", views_backoffice.worker_category, name="worker-category"),
    path("salaries/<int:pk>/identite/", views_backoffice.worker_identity, name="worker-identity"),
]
