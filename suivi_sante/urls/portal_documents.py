"""Portal URLs of individual follow-up: the documents issued to the employer."""

from django.urls import path

from suivi_sante.views.portal import documents as views

urlpatterns = [
    path("documents-de-suivi/", views.document_list, name="document-list"),
    path("documents-de-suivi/<int:pk>/pdf/", views.document_pdf, name="document-pdf"),
]
