"""Back-office URLs of individual follow-up: the DMST and the documents issued at visits."""

from django.urls import path

from suivi_sante.views.backoffice import dmst as views

urlpatterns = [
    path("salaries/<int:worker_pk>/dmst/", views.dmst_detail, name="dmst-detail"),
    path("salaries/<int:worker_pk>/dmst/notes/", views.note_create, name="dmst-note-create"),
    path(
        "salaries/<int:worker_pk>/dmst/expositions/",
        views.exposure_create,
        name="dmst-exposure-create",
    ),
    path(
        "salaries/<int:worker_pk>/dmst/mesures/",
        views.measurement_create,
        name="dmst-measurement-create",
    ),
    path("salaries/<int:worker_pk>/dmst/acces/", views.dmst_access_log, name="dmst-access-log"),
    path("salaries/<int:worker_pk>/dmst/export/", views.dmst_export, name="dmst-export"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="document-pdf"),
    path("visites/<int:visit_pk>/documents/", views.document_issue, name="document-issue"),
]
