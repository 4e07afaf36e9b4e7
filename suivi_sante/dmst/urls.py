"""URLs of follow-up's dmst area: back-office: the DMST and the documents issued at visits."""

from django.urls import path

from suivi_sante.dmst import views_backoffice

public_patterns: list = []  # mounted at the site root

portal_patterns: list = []

backoffice_patterns: list = [
    path("salaries/<int:worker_pk>/dmst/", views_backoffice.dmst_detail, name="dmst-detail"),
    path(
        "salaries/<int:worker_pk>/dmst/notes/",
        views_backoffice.note_create,
        name="dmst-note-create",
    ),
    path(
        "salaries/<int:worker_pk>/dmst/expositions/",
        views_backoffice.exposure_create,
        name="dmst-exposure-create",
    ),
    path(
        "salaries/<int:worker_pk>/dmst/mesures/",
        views_backoffice.measurement_create,
        name="dmst-measurement-create",
    ),
    path(
        "salaries/<int:worker_pk>/dmst/acces/",
        views_backoffice.dmst_access_log,
        name="dmst-access-log",
    ),
    path("salaries/<int:worker_pk>/dmst/export/", views_backoffice.dmst_export, name="dmst-export"),
    path("documents/<int:pk>/pdf/", views_backoffice.document_pdf, name="document-pdf"),
    path(
        "visites/<int:visit_pk>/documents/", views_backoffice.document_issue, name="document-issue"
    ),
]
