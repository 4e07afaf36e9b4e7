"""URLs of follow-up's documents area: portal: the documents issued to the employer."""

from django.urls import path

from suivi_sante.documents import views_portal

public_patterns: list = []  # mounted at the site root

portal_patterns: list = [
    path("documents-de-suivi/", views_portal.document_list, name="document-list"),
    path("documents-de-suivi/<int:pk>/pdf/", views_portal.document_pdf, name="document-pdf"),
]

backoffice_patterns: list = []
